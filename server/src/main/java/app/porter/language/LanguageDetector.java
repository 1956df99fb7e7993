package app.porter.language;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

/**
 * The tenant's language from what they write: the script first (Han → Chinese, Arabic script → Arabic), then
 * Lingua restricted to the Latin-script languages Porter speaks (English, Spanish, French, Vietnamese). Measured
 * here: Lingua's low-accuracy mode (trigrams only, ~4 MB) read "I want to report a maintenance problem" as French;
 * the high-accuracy mode got every test sentence right for ~90 MB of heap and ~0.6 s to load, so it is used, loaded
 * once per process and shared (the detector is immutable and thread-safe). Restricting it to four languages is
 * what keeps that size down: all 75 would take gigabytes. Short messages ("yes", "C-204",
 * "Kitchen") say too little and return nothing, so a conversation keeps its language across them.
 */
public final class LanguageDetector {

    private static final int MIN_LETTERS = 12;
    /** Whether a detector has started loading the models (once per process). */
    private static final AtomicBoolean LOADING = new AtomicBoolean();

    /** Built on first use, then shared by every detector in the process. */
    private static final class Lingua {
        static final com.github.pemistahl.lingua.api.LanguageDetector INSTANCE = LanguageDetectorBuilder
                .fromLanguages(com.github.pemistahl.lingua.api.Language.ENGLISH, com.github.pemistahl.lingua.api.Language.SPANISH,
                        com.github.pemistahl.lingua.api.Language.FRENCH, com.github.pemistahl.lingua.api.Language.VIETNAMESE)
                .withPreloadedLanguageModels()
                .build();
    }

    /**
     * Starts loading the models in the background, so that the appliance's start does not wait for them (see
     * {@code StartupBench}); a message that comes before they are loaded waits for the rest (class initialisation
     * happens once and is thread-safe).
     */
    public LanguageDetector() {
        if (!LOADING.getAndSet(true)) {
            Thread.ofPlatform().daemon().name("lingua-load").start(() -> Lingua.INSTANCE.getClass());
        }
    }

    public Optional<Language> detect(String text) {
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
            Script script = Script.of(cp);
            if (script == Script.HAN) {
                han++;
            } else if (script == Script.ARABIC) {
                arabic++;
            }
        }
        if (han >= 2 && han * 3 >= letters) {
            return Optional.of(Language.ZH);
        }
        if (arabic >= 3 && arabic * 2 >= letters) {
            return Optional.of(Language.AR);
        }
        if (letters < MIN_LETTERS) {
            return Optional.empty();
        }
        return switch (Lingua.INSTANCE.detectLanguageOf(text)) {
            case ENGLISH -> Optional.of(Language.EN);
            case SPANISH -> Optional.of(Language.ES);
            case FRENCH -> Optional.of(Language.FR);
            case VIETNAMESE -> Optional.of(Language.VI);
            default -> Optional.empty();
        };
    }
}
