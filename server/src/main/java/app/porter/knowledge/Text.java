package app.porter.knowledge;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small text helpers shared by the parsers. */
final class Text {

    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|\\u00AD|\\uFEFF");

    private Text() {
    }

    /** Removes control characters and soft hyphens, folds runs of white space into one space. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        return SPACES.matcher(CONTROL.matcher(text).replaceAll("")).replaceAll(" ").strip();
    }

    /**
     * Appends a wrapped line to a paragraph: with a space, or, when the paragraph ends in a word broken with a
     * hyphen ("pay-" + "ment"), without one.
     */
    static void appendLine(StringBuilder paragraph, String line) {
        if (paragraph.isEmpty()) {
            paragraph.append(line);
            return;
        }
        int n = paragraph.length();
        boolean brokenWord = n >= 2 && paragraph.charAt(n - 1) == '-' && Character.isLetter(paragraph.charAt(n - 2))
                && !line.isEmpty() && Character.isLowerCase(line.charAt(0));
        if (brokenWord) {
            paragraph.setLength(n - 1);
        } else {
            paragraph.append(' ');
        }
        paragraph.append(line);
    }

    /** Sentences by the JDK's locale-aware sentence rules ("9:00 AM" and "$1,200.50" stay whole). */
    static List<String> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        List<String> sentences = new ArrayList<>();
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
             start = end, end = iterator.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    /** "Renter's insurance" → {@code renters-insurance}; "7.2 Pets" → {@code 7-2-pets}. */
    static String slug(String heading) {
        String ascii = Normalizer.normalize(heading, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-[^-]*$", "");
        }
        return slug.isEmpty() ? "section" : slug;
    }

    /** "officeHours", "office_hours" → "Office hours". */
    static String humanize(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').strip();
        if (spaced.isEmpty()) {
            return key;
        }
        String lower = spaced.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** The file name without folders and extension, as a fallback title: "house-rules_2024.pdf" → "house rules 2024". */
    static String titleFromFilename(String filename) {
        String name = filename.replaceAll(".*[/\\\\]", "");
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        String title = clean(name.replace('_', ' ').replace('-', ' '));
        return title.isEmpty() ? "Untitled document" : title;
    }

    /** Strips inline Markdown: emphasis, code ticks, links ([text](url) → text), images. */
    static String stripInlineMarkdown(String line) {
        String text = line.replaceAll("!\\[([^\\]]*)]\\([^)]*\\)", "$1")
                .replaceAll("\\[([^\\]]+)]\\([^)]*\\)", "$1")
                .replaceAll("(\\*\\*|__)(.+?)\\1", "$2")
                .replaceAll("(?<![\\w*])\\*(?!\\s)([^*]+?)\\*(?![\\w*])", "$1")
                .replace("`", "");
        Matcher html = Pattern.compile("<[^>]{1,200}>").matcher(text);
        return html.replaceAll("");
    }
}
