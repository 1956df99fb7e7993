package app.porter.flows;

import java.util.Optional;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

/**
 * The tenant's language from what they write: the script first (Han → Chinese, Arabic script → Arabic), then
 * Lingua restricted to the Latin-script languages Porter speaks (English, Spanish, French, Vietnamese), in its
 * low-accuracy mode (trigram models only), which keeps its memory small. Among four languages and with at least a
 * dozen letters its best guess is good enough (a wrong guess only changes the language of Porter's own texts until
 * the next longer message), so no minimum distance between the candidates is asked for. Short messages ("yes", "C-204",
 * "Kitchen") say too little and return nothing, so a conversation keeps its language across them.
 */
public final class LanguageDetector {

    private static final int MIN_LETTERS = 12;

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua = LanguageDetectorBuilder
            .fromLanguages(Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.VIETNAMESE)
            .withLowAccuracyMode()
            .withPreloadedLanguageModels()
            .build();

    public Optional<Lang> detect(String text) {
        int letters = 0;
        int han = 0;
        int arabic = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN) {
                han++;
            } else if (script == Character.UnicodeScript.ARABIC) {
                arabic++;
            }
        }
        if (han >= 2 && han * 3 >= letters) {
            return Optional.of(Lang.ZH);
        }
        if (arabic >= 3 && arabic * 2 >= letters) {
            return Optional.of(Lang.AR);
        }
        if (letters < MIN_LETTERS) {
            return Optional.empty();
        }
        return switch (lingua.detectLanguageOf(text)) {
            case ENGLISH -> Optional.of(Lang.EN);
            case SPANISH -> Optional.of(Lang.ES);
            case FRENCH -> Optional.of(Lang.FR);
            case VIETNAMESE -> Optional.of(Lang.VI);
            default -> Optional.empty();
        };
    }
}
