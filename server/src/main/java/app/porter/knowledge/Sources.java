package app.porter.knowledge;

/** Reads an upload in its format into chunks. */
final class Sources {

    private Sources() {
    }

    /** The parsed document; {@link DocumentRejected} (UNREADABLE) when the content cannot be used. */
    static ParsedDocument parse(SourceFormat format, byte[] bytes) {
        return switch (format) {
            case PDF -> PdfSource.parse(bytes);
            case DOCX -> DocxSource.parse(bytes);
            case HTML -> HtmlSource.parse(bytes);
            case MARKDOWN -> MarkdownSource.parse(bytes);
            case TEXT -> TextSource.parse(bytes);
            case CSV -> CsvSource.parse(bytes);
            case JSON -> JsonSource.parse(bytes);
        };
    }
}
