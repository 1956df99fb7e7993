package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the running text of a document into chunks as a parser walks it: text under a heading becomes one chunk
 * (split later when long), a question with its answer becomes one whole chunk, a table row becomes one whole chunk.
 * Parsers say what they see ({@link #heading}, {@link #line}, {@link #paragraphBreak}, {@link #question},
 * {@link #answer}, {@link #whole}); this class decides where chunks begin and end.
 */
final class SectionBuilder {

    private final List<Chunk> chunks = new ArrayList<>();
    private String heading = "";
    private final List<String> paragraphs = new ArrayList<>();
    private final StringBuilder paragraph = new StringBuilder();
    private StringBuilder question;
    private StringBuilder answer;
    private int headings;
    private int questions;
    private int wholes;

    /** A heading or clause title starts a new section. */
    void heading(String text) {
        endQuestion();
        flushSection();
        heading = Text.clean(text);
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
        return List.copyOf(chunks);
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
            chunks.add(new Chunk(q, a, true, null));
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
            chunks.add(new Chunk(heading, String.join("\n\n", paragraphs), false, null));
            paragraphs.clear();
        }
    }
}
