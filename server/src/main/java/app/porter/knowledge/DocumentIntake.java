package app.porter.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.porter.errors.NotFound;
import app.porter.errors.TooLarge;
import app.porter.errors.UnsupportedType;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Unit;

/**
 * What a file goes through before {@link KnowledgeLibrary} stores anything: its size, type and scope are checked,
 * it is parsed, and rows that name a unit are resolved to the portfolio's unit ids. Every refusal happens here,
 * with a reason a staff member can act on, so a bad file never changes anything. Kept apart from the library so
 * the rules for what Porter accepts read in one place, away from the bookkeeping of documents and jobs.
 */
final class DocumentIntake {

    /** A checked, parsed upload. */
    record Prepared(String filename, SourceFormat format, byte[] bytes, Scope scope, Language language,
                    ParsedDocument parsed) {
    }

    private final Portfolio portfolio;
    private final KnowledgeLibrary.Settings settings;

    DocumentIntake(Portfolio portfolio, KnowledgeLibrary.Settings settings) {
        this.portfolio = portfolio;
        this.settings = settings;
    }

    /**
     * Checks and parses an upload.
     *
     * @throws TooLarge over the size limit, {@link UnsupportedType} not a format Porter reads, {@link NotFound}
     *         no such property or unit, {@link DocumentRejected} content that cannot be used
     */
    Prepared prepare(KnowledgeLibrary.Upload upload) {
        if (upload.bytes().length > settings.maxDocumentBytes()) {
            throw new TooLarge("the file is " + megabytes(upload.bytes().length)
                    + "; the limit is " + megabytes(settings.maxDocumentBytes()));
        }
        String name = cleanFilename(upload.filename());
        SourceFormat format = SourceFormat.detect(upload.contentType(), name)
                .orElseThrow(() -> new UnsupportedType(
                        "Porter reads " + SourceFormat.accepted() + "; this file is "
                                + describe(upload.contentType(), name)));
        Scope scope = checkScope(upload.scope());
        if (upload.bytes().length == 0) {
            throw DocumentRejected.unreadable("the file is empty");
        }
        ParsedDocument parsed = Sources.parse(format, upload.bytes());
        List<Chunk> chunks = resolveUnits(parsed.chunks(), scope);
        if (chunks.isEmpty()) {
            throw DocumentRejected.unreadable("no text was found in the file");
        }
        String filename = name.isEmpty() ? "document." + format.id() : name;
        return new Prepared(filename, format, upload.bytes(), scope, upload.language(),
                new ParsedDocument(parsed.title(), parsed.structure(), parsed.pages(), chunks));
    }

    private Scope checkScope(Scope scope) {
        if (scope.propertyId() != null && portfolio.find(scope.propertyId()).isEmpty()) {
            throw new NotFound("there is no property " + scope.propertyId());
        }
        if (scope.unitId() != null && portfolio.findUnit(scope.propertyId(), scope.unitId()).isEmpty()) {
            throw new NotFound("property " + scope.propertyId()
                    + " has no unit " + scope.unitId());
        }
        return scope;
    }

    /**
     * Gives rows that name a unit (maintenance records) the portfolio's own unit id ("apt 4b" → "4B"), and refuses
     * a file whose rows would reach the wrong tenants: unit rows in a portfolio-wide document (unit ids are per
     * property), or another unit's rows in a unit's document. Also run when a stored original is read again.
     */
    List<Chunk> resolveUnits(List<Chunk> chunks, Scope scope) {
        if (chunks.stream().allMatch(c -> c.unitId() == null)) {
            return chunks;
        }
        if (scope.propertyId() == null) {
            throw DocumentRejected.unreadable("these records name units; upload the file for their property"
                    + " (propertyId) so that each record reaches only its own unit");
        }
        Map<String, String> units = new HashMap<>();
        for (Unit unit : portfolio.units(scope.propertyId())) {
            units.put(unit.id().toLowerCase(Locale.ROOT), unit.id());
        }
        List<Chunk> resolved = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            if (chunk.unitId() == null) {
                resolved.add(chunk);
                continue;
            }
            String named = chunk.unitId().replaceFirst("(?i)^(unit|apt\\.?|apartment|suite|#)\\s*", "").strip();
            String unitId = units.getOrDefault(named.toLowerCase(Locale.ROOT), named);
            if (!unitId.matches(Unit.ID_PATTERN)) {
                throw DocumentRejected.unreadable("a row names the unit \"" + abbreviate(chunk.unitId())
                        + "\", which is not a unit id (letters, digits and '-')");
            }
            if (scope.unitId() != null && !scope.unitId().equals(unitId)) {
                throw DocumentRejected.unreadable("a row is for unit " + unitId + " but the document is for unit "
                        + scope.unitId() + "; upload it for the property instead");
            }
            resolved.add(new Chunk(chunk.heading(), chunk.text(), chunk.whole(), unitId, chunk.above()));
        }
        return resolved;
    }

    private static String cleanFilename(String filename) {
        if (filename == null) {
            return "";
        }
        String name = filename.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cc}", "").strip();
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    private static String describe(String contentType, String filename) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            return abbreviate(type);
        }
        int dot = filename.lastIndexOf('.');
        return dot >= 0 ? "a ." + abbreviate(filename.substring(dot + 1)) + " file" : "of an unknown type";
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\p{L}\\p{N} ./+#-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
