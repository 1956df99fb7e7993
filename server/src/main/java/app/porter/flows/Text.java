package app.porter.flows;

import java.text.Normalizer;
import java.util.Locale;

/** How tenant text is normalised before rules look at it. */
final class Text {

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
        // Vietnamese đ is a letter of its own, not d plus a mark: keep the fold explicit.
        return Normalizer.normalize(normalize(text), Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace('đ', 'd');
    }
}
