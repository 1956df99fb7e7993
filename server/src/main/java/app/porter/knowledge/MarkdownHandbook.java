package app.porter.knowledge;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a Markdown handbook into passages: the {@code # } heading is the document title and each {@code ## }
 * section is one passage, kept whole so an answer quotes the firm's words in full.
 */
public final class MarkdownHandbook {

    /** The parsed document: its title and its sections in order. */
    public record Parsed(String title, List<Section> sections) {
    }

    /** One {@code ## } section. */
    public record Section(String slug, String heading, String body) {
    }

    private MarkdownHandbook() {
    }

    public static Parsed parse(String markdown, String fallbackTitle) {
        String title = fallbackTitle;
        List<Section> sections = new ArrayList<>();
        Set<String> slugs = new LinkedHashSet<>();
        String heading = null;
        StringBuilder body = new StringBuilder();
        for (String line : markdown.split("\\R")) {
            if (line.startsWith("## ")) {
                addSection(sections, slugs, heading, body);
                heading = line.substring(3).strip();
                body.setLength(0);
            } else if (line.startsWith("# ") && heading == null) {
                title = line.substring(2).strip();
            } else if (heading != null) {
                body.append(line).append('\n');
            }
        }
        addSection(sections, slugs, heading, body);
        return new Parsed(title, sections);
    }

    private static void addSection(List<Section> sections, Set<String> slugs, String heading, StringBuilder body) {
        if (heading == null) {
            return;
        }
        // Lines wrapped in the source join with a space; blank lines still separate paragraphs.
        String text = String.join("\n\n", Arrays.stream(body.toString().strip().split("\\n\\s*\\n"))
                .map(paragraph -> paragraph.strip().replaceAll("\\s*\\n\\s*", " "))
                .toList());
        if (text.isEmpty()) {
            return;
        }
        String slug = slug(heading);
        String unique = slug;
        for (int n = 2; !slugs.add(unique); n++) {
            unique = slug + "-" + n;
        }
        sections.add(new Section(unique, heading, text));
    }

    /** "Renter's insurance" → {@code renters-insurance}. */
    static String slug(String heading) {
        String ascii = Normalizer.normalize(heading, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "section" : slug;
    }
}
