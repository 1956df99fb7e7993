package app.porter.knowledge;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats the knowledge base reads, recognised by media type or, for generic types, by file name. */
public enum SourceFormat {
    PDF("pdf", "application/pdf", List.of("application/pdf", "application/x-pdf"), List.of("pdf")),
    DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            List.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), List.of("docx")),
    HTML("html", "text/html", List.of("text/html", "application/xhtml+xml"), List.of("html", "htm", "xhtml")),
    MARKDOWN("markdown", "text/markdown", List.of("text/markdown", "text/x-markdown"), List.of("md", "markdown")),
    TEXT("text", "text/plain", List.of("text/plain"), List.of("txt", "text")),
    CSV("csv", "text/csv", List.of("text/csv", "application/csv", "text/tab-separated-values",
            "text/comma-separated-values"), List.of("csv", "tsv")),
    JSON("json", "application/json", List.of("application/json", "text/json"), List.of("json"));

    /** Media types that say nothing about the format, so the file name decides. */
    private static final List<String> GENERIC = List.of("", "application/octet-stream", "text/plain",
            "binary/octet-stream", "application/x-www-form-urlencoded");

    private final String id;
    private final String mediaType;
    private final List<String> mediaTypes;
    private final List<String> extensions;

    SourceFormat(String id, String mediaType, List<String> mediaTypes, List<String> extensions) {
        this.id = id;
        this.mediaType = mediaType;
        this.mediaTypes = mediaTypes;
        this.extensions = extensions;
    }

    /** Short name shown in lists: {@code pdf}, {@code docx}, {@code markdown} ... */
    public String id() {
        return id;
    }

    /** The canonical media type. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The format of an upload: a specific media type decides; a generic one ({@code text/plain},
     * {@code application/octet-stream}, none) leaves it to the file name's extension ({@code .md}, {@code .csv}
     * are often sent as {@code text/plain}).
     *
     * @param contentType the Content-Type as sent, parameters allowed; may be null
     */
    public static Optional<SourceFormat> detect(String contentType, String filename) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!GENERIC.contains(type)) {
            return Arrays.stream(values()).filter(f -> f.mediaTypes.contains(type)).findFirst();
        }
        Optional<SourceFormat> byName = byExtension(filename);
        if (byName.isPresent() || type.isEmpty() || type.equals("text/plain")) {
            return byName.or(() -> type.equals("text/plain") ? Optional.of(TEXT) : Optional.empty());
        }
        return Optional.empty();
    }

    /** File name extensions recognised as this format, without the dot. */
    public List<String> extensions() {
        return extensions;
    }

    /** The format with this {@link #id()}. */
    public static Optional<SourceFormat> fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    static Optional<SourceFormat> byExtension(String filename) {
        if (filename == null) {
            return Optional.empty();
        }
        int dot = filename.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extensions.contains(extension)).findFirst();
    }

    /** For error messages: what Porter accepts. */
    public static String accepted() {
        return "PDF, Word (.docx), HTML, Markdown, plain text, CSV or JSON";
    }
}
