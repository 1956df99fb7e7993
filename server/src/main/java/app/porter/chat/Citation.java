package app.porter.chat;

/** The knowledge-base source a reply drew on: {@code sourceId} is the passage id, {@code snippet} a short quote. */
public record Citation(String sourceId, String title, String snippet) {
}
