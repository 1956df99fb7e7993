package app.porter.knowledge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import app.porter.language.Language;


/**
 * Turns a parsed document's chunks into passages: long sections are split at paragraph (then sentence) boundaries
 * so a quoted answer stays readable and its whole text fits the embedding model's window; Q&A pairs and table rows
 * stay whole; every passage gets a stable id from its heading ({@code lease-4b#7-2-pets}).
 */
final class Passages {

    /** Sections up to this length stay one passage. */
    static final int MAX_CHARS = 1200;
    /** Split sections aim for parts of about this length. */
    static final int TARGET_CHARS = 900;
    /** Even a whole Q&A pair is split beyond this. */
    static final int MAX_WHOLE_CHARS = 4000;

    private Passages() {
    }

    static List<Passage> build(String documentId, String documentTitle, Scope scope, Language language,
                               List<Chunk> chunks) {
        List<Passage> passages = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (Chunk chunk : chunks) {
            String heading = chunk.heading().isEmpty() ? documentTitle : chunk.heading();
            List<String> parts = chunk.whole() && chunk.text().length() <= MAX_WHOLE_CHARS
                    ? List.of(chunk.text()) : split(chunk.text());
            // A row's unit narrows a property-wide document to that unit; it never widens a unit's document. A unit
            // row in a portfolio-wide document is refused before this (DocumentIntake.resolveUnits); should one
            // get here, Passage.scope() throws rather than let the row reach every tenant.
            String unitId = scope.unitId() != null ? scope.unitId() : chunk.unitId();
            for (String part : parts) {
                String base = Text.slug(heading);
                String slug = base;
                for (int n = 2; !slugs.add(slug); n++) {
                    slug = base + "-" + n;
                }
                passages.add(new Passage(documentId + "#" + slug, documentId, documentTitle, scope.propertyId(),
                        unitId, heading, part, language, chunk.context()));
            }
        }
        return passages;
    }

    /** A piece of text to pack into parts; {@code newParagraph} when it begins a paragraph of the original. */
    private record Piece(String text, boolean newParagraph) {
    }

    /** Splits at paragraph boundaries, then sentence boundaries, then spaces, into parts of about TARGET_CHARS. */
    static List<String> split(String text) {
        if (text.length() <= MAX_CHARS) {
            return List.of(text);
        }
        List<Piece> pieces = new ArrayList<>();
        for (String paragraph : text.split("\n\n")) {
            if (paragraph.length() <= TARGET_CHARS) {
                pieces.add(new Piece(paragraph, true));
                continue;
            }
            boolean first = true;
            for (String sentence : Text.sentences(paragraph)) {
                for (String piece : hardSplit(sentence)) {
                    pieces.add(new Piece(piece, first));
                    first = false;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (Piece piece : pieces) {
            if (!part.isEmpty() && part.length() + piece.text().length() + 2 > TARGET_CHARS) {
                parts.add(part.toString());
                part.setLength(0);
            }
            if (!part.isEmpty()) {
                part.append(piece.newParagraph() ? "\n\n" : " ");
            }
            part.append(piece.text());
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    private static List<String> hardSplit(String sentence) {
        if (sentence.length() <= TARGET_CHARS) {
            return List.of(sentence);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < sentence.length()) {
            int end = Math.min(sentence.length(), start + TARGET_CHARS);
            if (end < sentence.length()) {
                int space = sentence.lastIndexOf(' ', end);
                end = space > start ? space : end;
            }
            parts.add(sentence.substring(start, end).strip());
            start = end;
        }
        return parts;
    }
}
