package app.porter.flows;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import app.porter.language.Marks;

/** How tenant text is normalised before rules look at it. */
final class Text {

    private static final Pattern ARABIC_MARKS = Pattern.compile("[\\u064B-\\u065F\\u0670\\u0640]");

    private Text() {
    }

    /** NFC, lower case, typographic apostrophes and quotes made plain, whitespace collapsed. */
    static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return nfc.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201c', '"').replace('\u201d', '"')
                .toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** Without accents: for matching option labels typed without them ("si" for "sí", "fenetre"). */
    static String folded(String text) {
        return Marks.without(normalize(text));
    }

    /**
     * {@code text} without Arabic short vowels, shadda and tatweel ("يتشنّج" is "يتشنج"): tenants write them or
     * not, and the rules are written without them.
     */
    static String withoutArabicMarks(String text) {
        return ARABIC_MARKS.matcher(text).replaceAll("");
    }
}
