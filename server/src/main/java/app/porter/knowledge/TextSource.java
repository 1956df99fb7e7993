package app.porter.knowledge;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text, and the line-by-line reading shared with PDF and Word: numbered clauses and capitalised lines are
 * headings, "Q:"/"A:" lines are question-and-answer pairs, blank lines separate paragraphs.
 */
final class TextSource {

    static final Pattern QUESTION = Pattern.compile("^(?:Q|Question)(?:\\s*\\d+)?\\s*:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    static final Pattern ANSWER = Pattern.compile("^(?:A|Answer)\\s*:\\s*(.*)$", Pattern.CASE_INSENSITIVE);

    private TextSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        String text = decode(bytes);
        List<String> lines = text.lines().toList();
        SectionBuilder builder = new SectionBuilder();
        String title = leadingTitle(lines);
        boolean paragraphStart = true;
        for (String line : title == null ? lines : lines.subList(firstNonBlank(lines) + 1, lines.size())) {
            feedLine(line, builder, true, paragraphStart);
            paragraphStart = line.isBlank();
        }
        List<Chunk> chunks = builder.build();
        return new ParsedDocument(title, builder.structure("clauses"), 0, chunks);
    }

    /**
     * One line; {@code clauses} false when headings come from markup instead (Markdown, HTML).
     *
     * @param paragraphStart whether the line starts a paragraph (after a blank line, or a paragraph of its own): only
     *                       there is a short title-case line a heading ({@link Clauses#isTitleCaseHeading})
     */
    static void feedLine(String raw, SectionBuilder builder, boolean clauses, boolean paragraphStart) {
        String line = Text.clean(raw);
        if (line.isEmpty()) {
            builder.paragraphBreak();
            return;
        }
        Matcher q = QUESTION.matcher(line);
        if (q.matches()) {
            builder.question(q.group(1));
            return;
        }
        Matcher a = ANSWER.matcher(line);
        if (a.matches()) {
            builder.answer(a.group(1));
            return;
        }
        var clause = clauses ? Clauses.match(line) : java.util.Optional.<Clauses.Heading>empty();
        if (clause.isPresent()) {
            builder.heading(clause.get().heading());
            builder.line(clause.get().rest());
            return;
        }
        if (clauses && paragraphStart && Clauses.isTitleCaseHeading(line)) {
            builder.heading(line);
            return;
        }
        builder.line(line);
    }

    /**
     * A first line that reads as a title: short, not a clause or a question, and followed by a blank line (or in
     * capitals).
     */
    static String leadingTitle(List<String> lines) {
        int first = firstNonBlank(lines);
        if (first < 0) {
            return null;
        }
        String line = Text.clean(lines.get(first));
        boolean followedByBlank = first + 1 < lines.size() && lines.get(first + 1).isBlank();
        boolean shortLine = line.length() <= 80 && !line.endsWith(".") && !line.endsWith(":");
        boolean special = QUESTION.matcher(line).matches() || Clauses.match(line).filter(h -> !h.rest().isEmpty()
                || !Clauses.isCapitalsHeading(line)).isPresent();
        return shortLine && !special && (followedByBlank || Clauses.isCapitalsHeading(line)) ? line : null;
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** UTF-8 (with or without a byte-order mark); text that is not UTF-8 is read as Windows-1252, the usual other. */
    static String decode(byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
    }
}
