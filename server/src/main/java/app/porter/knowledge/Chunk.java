package app.porter.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * A piece of a parsed document before it is embedded: what becomes one {@link Passage}.
 *
 * @param heading the heading or clause it sits under ("7.2 Pets"), the question of a Q&A pair, or "" when the
 *                document has no structure there (the document title is used instead)
 * @param text the content, paragraphs separated by a blank line
 * @param whole true when it must not be split (a Q&A pair, a table row): splitting would separate a question from
 *              its answer or a value from its header
 * @param unitId a unit the piece belongs to inside a property-wide document (a maintenance record's unit), or null
 * @param above the headings {@code heading} sits under, outermost first ("Use and Occupancy" above "7.2 Guests");
 *              empty at the top level
 */
public record Chunk(String heading, String text, boolean whole, String unitId, List<String> above) {
    public Chunk {
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(text, "text");
        above = List.copyOf(above);
    }

    /** A piece at the top level of its document. */
    public Chunk(String heading, String text, boolean whole, String unitId) {
        this(heading, text, whole, unitId, List.of());
    }

    /** The headings above, as the passage is embedded with them ({@link Passage#context}). */
    public String context() {
        return String.join(". ", above);
    }
}
