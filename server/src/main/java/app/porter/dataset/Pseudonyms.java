package app.porter.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.privacy.Redactor;

/**
 * One conversation's tenant details replaced by numbered placeholders, the same value by the same placeholder
 * throughout the conversation ({@code [PHONE_1]} each time the tenant repeats their number, {@code [PHONE_2]} for a
 * second one), so a model trained on the export still sees that the tenant gave the same number twice, and never
 * the number. Personal data is what {@link Redactor} finds (e-mails, phones, cards, addresses, names ...) plus
 * apartment numbers, which the redactor keeps on purpose (staff talk about "unit 4B") but a dataset must not.
 *
 * <p>Not thread-safe: one instance per conversation.
 */
final class Pseudonyms {

    /** "unit 4B", "apt. 12", "apartment #305", "depto 3", "appartement 12", "căn hộ 5A", "شقة 7", "4B单元". */
    private static final Pattern UNIT = Pattern.compile(
            "(?iu)(?:\\b(?:unit|apt\\.?|apartment|suite|flat|departamento|depto\\.?|apartamento|appartement|appt\\.?"
                    + "|logement|căn hộ|phòng)|شقة|单元|公寓|房间|房)\\s*(?:no\\.?|n[°º]|#|số)?\\s*"
                    + "(\\p{Alnum}{0,2}\\d{1,4}\\p{Alpha}?)\\b"
                    + "|(\\d{1,4}\\p{Alpha}?)\\s*(?:号房|单元|室)");

    private final Redactor redactor;
    private final Pattern knownUnit;
    /** A part of a name the conversation introduced ("dana") to that whole name ("dana whitfield"). */
    private final Map<String, String> nameParts = new HashMap<>();
    private final Map<String, String> assigned = new HashMap<>();
    private final Map<String, Integer> numbered = new HashMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    /**
     * Reads the whole conversation first, so that a name introduced once ("my name is Dana Whitfield") is also
     * found where it stands alone or in part, before or after ("thanks Dana"), under the same placeholder.
     *
     * @param region the firm's region, for phone numbers without a country code
     * @param directoryNames names known beforehand (staff)
     * @param unitId the conversation's unit, also replaced where it stands alone ("4B"); null when none
     * @param texts everything the conversation holds
     */
    static Pseudonyms learn(String region, Collection<String> directoryNames, String unitId, List<String> texts) {
        Redactor first = new Redactor(region, directoryNames);
        Map<String, String> parts = new HashMap<>();
        for (String text : texts) {
            for (Redactor.Finding f : first.findings(text == null ? "" : text)) {
                if (f.type() == Redactor.Type.NAME) {
                    String whole = canonical("NAME", text.substring(f.start(), f.end()));
                    for (String part : whole.split(" ")) {
                        // "Li" is a name; "de", "da" and "le" are particles that would redact half a sentence.
                        if (part.codePointCount(0, part.length()) >= 3
                                || part.codePoints().allMatch(c -> Character.UnicodeScript.of(c)
                                        == Character.UnicodeScript.HAN)) {
                            parts.putIfAbsent(part, whole);
                        }
                    }
                    parts.put(whole, whole);
                }
            }
        }
        List<String> names = new ArrayList<>(directoryNames);
        names.addAll(parts.keySet());
        Pseudonyms pseudonyms = new Pseudonyms(new Redactor(region, names), unitId);
        pseudonyms.nameParts.putAll(parts);
        return pseudonyms;
    }

    private Pseudonyms(Redactor redactor, String unitId) {
        this.redactor = redactor;
        this.knownUnit = unitId == null || unitId.isBlank() ? null
                : Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(unitId.strip()) + "(?![\\p{L}\\p{N}])");
    }

    private record Piece(int start, int end, String kind) {
    }

    /** {@code text} with every detail replaced by its placeholder. */
    String apply(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<Piece> pieces = new ArrayList<>();
        for (Redactor.Finding f : redactor.findings(text)) {
            pieces.add(new Piece(f.start(), f.end(), f.type().name()));
        }
        Matcher unit = UNIT.matcher(text);
        while (unit.find()) {
            int group = unit.start(1) >= 0 ? 1 : 2;
            addUnlessOverlapping(pieces, new Piece(unit.start(group), unit.end(group), "UNIT"));
        }
        if (knownUnit != null) {
            Matcher known = knownUnit.matcher(text);
            while (known.find()) {
                addUnlessOverlapping(pieces, new Piece(known.start(), known.end(), "UNIT"));
            }
        }
        pieces.sort(Comparator.comparingInt(Piece::start));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Piece p : pieces) {
            out.append(text, at, p.start()).append(placeholder(p.kind(), text.substring(p.start(), p.end())));
            at = p.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** How many details of each kind were replaced so far (every occurrence counts). */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    private static void addUnlessOverlapping(List<Piece> pieces, Piece candidate) {
        if (pieces.stream().noneMatch(p -> candidate.start() < p.end() && p.start() < candidate.end())) {
            pieces.add(candidate);
        }
    }

    private String placeholder(String kind, String value) {
        counts.merge(kind, 1, Integer::sum);
        String key = canonical(kind, value);
        if (kind.equals("NAME")) {
            key = nameParts.getOrDefault(key, key);
        }
        return assigned.computeIfAbsent(kind + '\u0000' + key,
                k -> "[" + kind + "_" + numbered.merge(kind, 1, Integer::sum) + "]");
    }

    /** The same detail written two ways ("(555) 201-3344" and "555-201-3344") is one value. */
    private static String canonical(String kind, String value) {
        return switch (kind) {
            case "PHONE", "CARD", "SSN" -> value.replaceAll("\\D", "");
            case "IBAN", "UNIT" -> value.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
            default -> value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        };
    }
}
