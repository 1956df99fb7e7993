package app.porter.chat;

/**
 * The knowledge-base source a reply drew on.
 *
 * @param sourceId the passage id, {@code <documentId>#<slug>}
 * @param title the clause or heading ("7.2 Pets")
 * @param snippet a short quote
 * @param document the title of the document it is from ("Lease — Harbor View 4B"); "" when unknown
 */
public record Citation(String sourceId, String title, String snippet, String document) {

    public Citation {
        document = document == null ? "" : document;
    }

    public Citation(String sourceId, String title, String snippet) {
        this(sourceId, title, snippet, "");
    }
}
