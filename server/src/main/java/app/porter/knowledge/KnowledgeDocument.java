package app.porter.knowledge;

import java.time.Instant;

import app.porter.language.Language;


/**
 * A document in the knowledge base, as the admin API and the console list it.
 *
 * @param format what it was read as ({@link SourceFormat#id()}: {@code pdf}, {@code docx}, {@code csv} ...)
 * @param structure what the parser recognised in it ({@code clauses}, {@code faq}, {@code maintenance-records} ...)
 * @param status {@code queued}, {@code indexing}, {@code indexed} or {@code failed}
 * @param statusDetail why it failed, for the operator; null otherwise
 * @param passages how many passages (chunks) are indexed for it
 * @param pages pages of a PDF, 0 otherwise
 * @param revision bumped by every upload or re-index
 * @param language what language it is written in ({@link Language}), or null for the firm's default
 */
public record KnowledgeDocument(String id, String title, String filename, String format, String contentType,
                                String structure, Scope scope, long sizeBytes, String sha256, int pages,
                                int passages, String status, String statusDetail, int revision, String createdBy,
                                Instant createdAt, Instant updatedAt, Language language) {

    public static final String QUEUED = "queued";
    public static final String INDEXING = "indexing";
    public static final String INDEXED = "indexed";
    public static final String FAILED = "failed";

    /** The property, or null for a portfolio-wide document. */
    public String propertyId() {
        return scope.propertyId();
    }

    /** The unit, or null unless the document belongs to one unit. */
    public String unitId() {
        return scope.unitId();
    }
}
