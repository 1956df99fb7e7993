package app.porter.knowledge;

import java.util.Objects;

/**
 * One retrievable piece of a knowledge-base document: a Q&A pair, a handbook section, a lease clause.
 *
 * @param id stable id, {@code <documentId>#<slug>}; it is the citation's {@code sourceId}
 * @param documentId the document it came from
 * @param propertyId the property it belongs to, or null for portfolio-wide
 * @param title the heading a tenant would recognise, e.g. "Late fees"
 * @param text the passage as written by the firm
 */
public record Passage(String id, String documentId, String propertyId, String title, String text) {
    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
    }

    /** What gets embedded: the heading carries much of a short passage's meaning. */
    String embeddingText() {
        return title + ". " + text;
    }
}
