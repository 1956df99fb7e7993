package app.porter.knowledge;

import java.util.Objects;

import app.porter.language.Language;


/**
 * One retrievable piece of a knowledge-base document: a Q&A pair, a handbook section, a lease clause, a table row.
 *
 * @param id stable id, {@code <documentId>#<slug>}; it is the citation's {@code sourceId}
 * @param documentId the document it came from
 * @param documentTitle that document's title, e.g. "Lease — Harbor View 4B"
 * @param propertyId the property it belongs to, or null for portfolio-wide
 * @param unitId the unit it belongs to (a unit's lease, a unit's repair), or null
 * @param title the heading or clause a tenant would recognise, e.g. "Late fees" or "7.2 Pets"
 * @param text the passage as written by the firm
 * @param language its document's language ({@link Language}), or null for the firm's default
 * @param context the headings {@code title} sits under ({@link Chunk#context}), "" at its document's top level
 */
public record Passage(String id, String documentId, String documentTitle, String propertyId, String unitId,
                      String title, String text, Language language, String context) {
    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(documentTitle, "documentTitle");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(context, "context");
    }

    /** A passage at its document's top level. */
    public Passage(String id, String documentId, String documentTitle, String propertyId, String unitId,
                   String title, String text, Language language) {
        this(id, documentId, documentTitle, propertyId, unitId, title, text, language, "");
    }

    /** A passage of a document without a language. */
    public Passage(String id, String documentId, String documentTitle, String propertyId, String unitId,
                   String title, String text) {
        this(id, documentId, documentTitle, propertyId, unitId, title, text, null);
    }

    /** A property-wide (or, with a null property, portfolio-wide) passage titled by its document id. */
    public Passage(String id, String documentId, String propertyId, String title, String text) {
        this(id, documentId, documentId, propertyId, null, title, text);
    }

    public Scope scope() {
        return new Scope(propertyId, unitId);
    }

    /**
     * What gets embedded as the passage's "whole" view: the heading carries much of a short passage's meaning, and
     * the headings above it what a sub-clause is about.
     */
    String embeddingText() {
        String headed = title.isEmpty() ? text : title + ". " + text;
        return context.isEmpty() ? headed : context + ". " + headed;
    }
}
