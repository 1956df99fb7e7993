package app.porter.knowledge;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * CSV (comma, semicolon or tab separated, with a header row). What the headers say decides the reading:
 * <ul>
 *   <li>question + answer columns: an FAQ, one whole Q&A pair per row;</li>
 *   <li>unit + description + date/status/category: maintenance records, one whole record per row, each scoped to
 *       its unit so that one tenant's repairs never reach another unit;</li>
 *   <li>anything else (property details, contacts, fees): one row per passage, each value with its header.</li>
 * </ul>
 */
final class CsvSource {

    static final int MAX_ROWS = 20_000;
    private static final Set<String> QUESTION = Set.of("question", "q", "faq", "questions");
    private static final Set<String> ANSWER = Set.of("answer", "a", "response", "answers");
    private static final Set<String> UNIT = Set.of("unit", "unitid", "unitnumber", "apartment", "apt", "suite");
    private static final Set<String> DESCRIPTION = Set.of("description", "issue", "request", "details", "work",
            "problem", "summary");
    private static final Set<String> RECORD_DETAILS = Set.of("date", "status", "category", "type", "reported",
            "completed", "opened", "closed");

    private CsvSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        String text = TextSource.decode(bytes);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter(text))
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .get();
        try (CSVParser csv = CSVParser.parse(new StringReader(text), format)) {
            List<String> headers = csv.getHeaderNames().stream().map(Text::clean).toList();
            if (headers.isEmpty()) {
                throw DocumentRejected.unreadable("the CSV file has no header row");
            }
            List<String> keys = headers.stream().map(CsvSource::key).toList();
            int question = indexOf(keys, QUESTION);
            int answer = indexOf(keys, ANSWER);
            int unit = indexOf(keys, UNIT);
            int description = indexOf(keys, DESCRIPTION);
            boolean faq = question >= 0 && answer >= 0;
            boolean maintenance = !faq && unit >= 0 && description >= 0
                    && keys.stream().anyMatch(RECORD_DETAILS::contains);
            SectionBuilder builder = new SectionBuilder();
            int rows = 0;
            for (CSVRecord record : csv) {
                if (++rows > MAX_ROWS) {
                    throw DocumentRejected.unreadable("the CSV file has more than " + MAX_ROWS + " rows");
                }
                List<String> cells = new ArrayList<>(record.size());
                record.forEach(cell -> cells.add(Text.clean(cell)));
                if (faq) {
                    builder.whole(cell(cells, question), cell(cells, answer), null);
                } else if (maintenance) {
                    String unitId = cell(cells, unit);
                    builder.whole(maintenanceHeading(headers, keys, cells, unit), Tables.row(headers, cells),
                            unitId.isEmpty() ? null : unitId);
                } else if (headers.size() == 2) {
                    builder.whole(cell(cells, 0), cell(cells, 0) + ": " + cell(cells, 1), null);
                } else {
                    builder.whole(cell(cells, 0), Tables.row(headers, cells), null);
                }
            }
            List<Chunk> chunks = builder.build();
            if (chunks.isEmpty()) {
                throw DocumentRejected.unreadable("the CSV file has no rows");
            }
            String structure = faq ? "faq" : maintenance ? "maintenance-records" : "table";
            return new ParsedDocument(null, structure, 0, chunks);
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw DocumentRejected.unreadable("the CSV file is malformed (for example an unclosed quote) and could"
                    + " not be read");
        }
    }

    /** "Unit 4B · 2024-03-02 · Plumbing": the unit, then the date and category columns when present. */
    private static String maintenanceHeading(List<String> headers, List<String> keys, List<String> cells, int unit) {
        List<String> parts = new ArrayList<>();
        String unitId = cell(cells, unit);
        parts.add(unitId.isEmpty() ? "Common areas" : "Unit " + unitId);
        for (String wanted : List.of("date", "reported", "opened", "category", "type")) {
            int i = keys.indexOf(wanted);
            if (i >= 0 && !cell(cells, i).isEmpty()) {
                parts.add(cell(cells, i));
            }
        }
        return String.join(" · ", parts.subList(0, Math.min(parts.size(), 3)));
    }

    private static String cell(List<String> cells, int index) {
        return index >= 0 && index < cells.size() ? cells.get(index) : "";
    }

    private static int indexOf(List<String> keys, Set<String> names) {
        for (int i = 0; i < keys.size(); i++) {
            if (names.contains(keys.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String key(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The separator that occurs most in the header line, outside quotes: ',', ';' or tab. */
    private static char delimiter(String text) {
        String header = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (tabs > commas && tabs >= semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }
}
