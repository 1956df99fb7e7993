package app.porter.knowledge;

/**
 * A document in the knowledge base as the admin API lists it.
 *
 * @param propertyId null when the document applies to the whole portfolio
 */
public record KnowledgeDocument(String id, String title, String propertyId, String contentType, int passages,
                                String status) {
}
