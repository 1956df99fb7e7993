package app.porter.knowledge;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the headings of leases and house rules in running text, so that a passage can be cited as "7.2 Pets"
 * rather than "page 4": numbered clauses ("7.2 Pets", "7. Pets", "Section 12 Notices", "7.2 Pets. Tenant may keep
 * one cat ...") and short lines in capitals ("HOUSE RULES").
 */
final class Clauses {

    /** A clause heading, and any text that followed it on the same line. */
    record Heading(String heading, String rest) {
    }

    // "Section 7.2", "7.2", "7.", "7)" then a title that starts with a capital letter.
    private static final Pattern NUMBERED = Pattern.compile(
            "^((?:(?:section|clause|article|§)\\s*)?(\\d{1,2}(?:\\.\\d{1,2}){0,3})([.)])?)\\s+(\\S.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE_START = Pattern.compile("^(?:[A-Z][a-z]|[A-Z]{3}|[A-Z]\\b|[A-Z]['’])");
    private static final int MAX_TITLE_CHARS = 60;
    private static final int MAX_TITLE_WORDS = 8;
    /** Words a title leaves in lower case ("Welcome to the Heights", "Places to Sweat, Swim, and Sit"). */
    private static final Set<String> TITLE_SMALL_WORDS = Set.of("a", "an", "and", "as", "at", "but", "by", "for",
            "from", "if", "in", "into", "of", "off", "on", "or", "over", "per", "the", "to", "up", "via", "vs", "with");

    private Clauses() {
    }

    static Optional<Heading> match(String line) {
        Matcher m = NUMBERED.matcher(line);
        if (m.matches()) {
            String prefix = m.group(1);
            String number = m.group(2);
            boolean wordPrefix = !Character.isDigit(prefix.charAt(0));
            String rest = m.group(4).strip();
            // A bare "7 Something" is too often an address or an amount; a clause has "7.2", "7." or "Section 7".
            boolean clauseNumber = number.contains(".") || m.group(3) != null || wordPrefix;
            if (clauseNumber && TITLE_START.matcher(rest).find()) {
                return Optional.of(split(prefix, rest));
            }
            return Optional.empty();
        }
        if (isCapitalsHeading(line)) {
            return Optional.of(new Heading(line.strip(), ""));
        }
        return Optional.empty();
    }

    /** "Pets. Tenant may keep ..." → title "Pets", rest "Tenant may keep ..."; a long sentence keeps only the number. */
    private static Heading split(String number, String rest) {
        int end = firstStop(rest);
        if (end < 0) {
            if (rest.length() <= MAX_TITLE_CHARS && words(rest) <= MAX_TITLE_WORDS) {
                return new Heading(number + " " + rest, "");
            }
            return new Heading(number, rest);
        }
        String title = rest.substring(0, end).strip();
        String after = rest.substring(end + 1).strip();
        if (title.length() <= MAX_TITLE_CHARS && words(title) <= MAX_TITLE_WORDS) {
            return new Heading(number + " " + title, after);
        }
        return new Heading(number, rest);
    }

    /** The first ". " or ":" that ends a title; -1 when the line has none (a period at the very end counts). */
    private static int firstStop(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == ':') && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    /** "HOUSE RULES", "RENT AND DEPOSIT": 4-60 characters, no lower case, a word of three letters or more. */
    static boolean isCapitalsHeading(String line) {
        String text = line.strip();
        if (text.length() < 4 || text.length() > MAX_TITLE_CHARS || text.endsWith(".") || text.endsWith(",")) {
            return false;
        }
        boolean longWord = false;
        int letters = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            if (Character.isLetter(c)) {
                letters++;
                run++;
                longWord |= run >= 3;
            } else {
                run = 0;
            }
        }
        return longWord && letters * 2 >= text.replace(" ", "").length() && words(text) <= MAX_TITLE_WORDS;
    }

    /**
     * "Getting Your Money Back When You Go", "Lights, Water, and Wi-Fi": a short line of two words or more in title
     * case (every word but the small ones capitalised), not ending as a sentence does and without a label's colon
     * ("RESIDENT: Maya Okafor Date: May 10, 2024" signs a lease). Read as a heading only where
     * a paragraph starts (a line of its own in a handbook), since a wrapped line of running text can look the same.
     * Round 13 of issue 12: a guide headed this way, uploaded as a PDF, was read as 26 untitled passages.
     */
    static boolean isTitleCaseHeading(String line) {
        String text = line.strip();
        if (text.length() < 4 || text.length() > MAX_TITLE_CHARS || !Character.isUpperCase(text.charAt(0))
                || text.matches(".*[.,;!]$") || text.contains(":")) {
            return false;
        }
        String[] words = text.split("\\s+");
        if (words.length < 2 || words.length > MAX_TITLE_WORDS + 2) {
            return false;
        }
        for (String word : words) {
            String bare = word.replaceAll("^[^\\p{L}\\d]+|[^\\p{L}\\d]+$", "");
            if (bare.isEmpty() || TITLE_SMALL_WORDS.contains(bare)) {
                continue;
            }
            if (!Character.isUpperCase(bare.charAt(0)) && !Character.isDigit(bare.charAt(0))) {
                return false;
            }
        }
        return true;
    }
}
