package app.porter.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the running text of a document into chunks as a parser walks it: text under a heading becomes one chunk
 * (split later when long), a question with its answer becomes one whole chunk, a table row becomes one whole chunk.
 * Parsers say what they see ({@link #heading}, {@link #line}, {@link #paragraphBreak}, {@link #question},
 * {@link #answer}, {@link #whole}); this class decides where chunks begin and end.
 */
final class SectionBuilder {

    /** A clause number at the start of a heading: "7.", "7.2", "12.3.1". Its depth is the heading's level. */
    private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,3})*)\\.?\\s+(?=\\S)");

    private final List<Chunk> chunks = new ArrayList<>();
    /** The headings open above the text being read, innermost first. */
    private final Deque<Outline> outline = new ArrayDeque<>();
    private String heading = "";
    /** The titles of the headings open above {@link #heading}, outermost first. */
    private List<String> above = List.of();
    private final List<String> paragraphs = new ArrayList<>();
    private final StringBuilder paragraph = new StringBuilder();
    private StringBuilder question;
    private StringBuilder answer;
    private int headings;
    private int questions;
    private int wholes;

    /** A heading whose level only its clause number tells ("7.2 Guests" is under "7. Use and Occupancy"). */
    void heading(String text) {
        Matcher number = NUMBERED.matcher(Text.clean(text));
        heading(text, number.find() ? number.group(1).split("\\.").length : 1);
    }

    /**
     * A heading or clause title at {@code level} (1 outermost) starts a new section, under the open headings of
     * lower levels: its chunk's {@link Chunk#above}, which the passage is embedded with ({@link Passage}). A
     * lease's "7.2 Guests" says nothing of staying over without "Use and Occupancy", nor "9.1 Approved Pet" of
     * pets without "Pets" (round 14 of issue 12).
     */
    void heading(String text, int level) {
        endQuestion();
        flushSection();
        heading = Text.clean(text);
        while (!outline.isEmpty() && outline.peek().level() >= level) {
            outline.pop();
        }
        List<String> titles = new ArrayList<>();
        outline.descendingIterator().forEachRemaining(open -> titles.add(open.title()));
        above = List.copyOf(titles);
        outline.push(new Outline(level, NUMBERED.matcher(heading).replaceFirst("")));
        headings++;
    }

    /** A line of running text; wrapped lines of one paragraph are joined with a space. */
    void line(String text) {
        String line = Text.clean(text);
        if (line.isEmpty()) {
            return;
        }
        if (answer != null) {
            Text.appendLine(answer, line);
        } else if (question != null) {
            Text.appendLine(question, line);
        } else {
            Text.appendLine(paragraph, line);
        }
    }

    /** A blank line: ends the paragraph (inside an answer, keeps the paragraph break). */
    void paragraphBreak() {
        if (answer != null) {
            if (!answer.isEmpty() && !answer.toString().endsWith("\n\n")) {
                answer.append("\n\n");
            }
            return;
        }
        if (question != null) {
            return;
        }
        endParagraph();
    }

    /** A whole paragraph at once (Word, HTML). */
    void paragraph(String text) {
        paragraphBreak();
        line(text);
        paragraphBreak();
    }

    /** "Q: ..." starts a question; its answer follows with {@link #answer}. */
    void question(String text) {
        endQuestion();
        flushSection();
        question = new StringBuilder(Text.clean(text));
    }

    /** "A: ..." starts the answer to the open question (or is plain text when no question is open). */
    void answer(String text) {
        if (question == null) {
            line(text);
            return;
        }
        answer = new StringBuilder(Text.clean(text));
    }

    /** A piece that stays whole: a Q&A pair from a table, a table row. */
    void whole(String wholeHeading, String text, String unitId) {
        endQuestion();
        flushSection();
        String body = Text.clean(text);
        if (!body.isEmpty()) {
            chunks.add(new Chunk(Text.clean(wholeHeading), body, true, unitId));
            wholes++;
        }
    }

    List<Chunk> build() {
        endQuestion();
        flushSection();
        return withoutTitle(chunks);
    }

    /**
     * {@code chunks} without the outermost heading they all sit under: a heading above every section is the
     * document's title ("Marrow Creek Flats Resident Handbook" as an h1 around the h2s), which says what every passage
     * is about and so tells none of them apart.
     */
    private static List<Chunk> withoutTitle(List<Chunk> chunks) {
        String first = chunks.stream().filter(chunk -> !chunk.above().isEmpty())
                .map(chunk -> chunk.above().getFirst()).findFirst().orElse(null);
        // the title's own lines (an introduction under it, before the first section) are its chunk, not under it
        if (first == null || !chunks.stream().allMatch(chunk -> chunk.above().isEmpty()
                ? chunk.heading().equals(first) : chunk.above().getFirst().equals(first))) {
            return List.copyOf(chunks);
        }
        return chunks.stream().map(chunk -> new Chunk(chunk.heading(), chunk.text(), chunk.whole(), chunk.unitId(),
                chunk.above().isEmpty() ? List.of() : chunk.above().subList(1, chunk.above().size()))).toList();
    }

    /** What was recognised, for the operator: mostly Q&A pairs, headed sections, or plain paragraphs. */
    String structure(String sectionsName) {
        if (questions > 0 && questions >= headings) {
            return "faq";
        }
        if (wholes > 0 && wholes >= headings) {
            return "table";
        }
        return headings > 0 ? sectionsName : "paragraphs";
    }

    private void endQuestion() {
        if (question == null) {
            return;
        }
        String q = question.toString().strip();
        String a = answer == null ? "" : answer.toString().strip();
        question = null;
        answer = null;
        if (!q.isEmpty() && !a.isEmpty()) {
            // a question under a heading ("Pets" above "Can I have a dog?") is in the heading's context too
            List<String> under = new ArrayList<>(above);
            if (!outline.isEmpty()) {
                under.add(outline.peek().title());
            }
            chunks.add(new Chunk(q, a, true, null, under));
            questions++;
        } else if (!q.isEmpty()) {
            Text.appendLine(paragraph, q); // a question without an answer is just text
        }
    }

    private void endParagraph() {
        String text = paragraph.toString().strip();
        paragraph.setLength(0);
        if (!text.isEmpty()) {
            paragraphs.add(text);
        }
    }

    private void flushSection() {
        endParagraph();
        if (!paragraphs.isEmpty()) {
            chunks.add(new Chunk(heading, String.join("\n\n", paragraphs), false, null, above));
            paragraphs.clear();
        }
    }

    /** An open heading: its level, and its title without a clause number. */
    private record Outline(int level, String title) {
    }
}
