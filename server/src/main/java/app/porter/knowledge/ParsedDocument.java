package app.porter.knowledge;

import java.util.List;

/**
 * What a parser made of a file.
 *
 * @param title the document's own title (Markdown {@code #}, HTML {@code <title>}, PDF or Word properties), or null
 *              when it has none and the file name will do
 * @param structure what the parser recognised, for the operator: {@code sections}, {@code clauses}, {@code faq},
 *                  {@code maintenance-records}, {@code table}, {@code paragraphs}
 * @param pages pages of a PDF; 0 for formats without pages
 */
public record ParsedDocument(String title, String structure, int pages, List<Chunk> chunks) {
    public ParsedDocument {
        chunks = List.copyOf(chunks);
    }
}
