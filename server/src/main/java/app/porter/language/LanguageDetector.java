package app.porter.language;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

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
    /**
     * Vietnamese syllables as typed without tone marks (as many keyboards and phones send them) that are not words
     * of English, Spanish or French: Lingua, trained on marked text, reads "bon cau bi nghet, bao sua kieu gi" as
     * French and "nha em co mui gas" as English (round 8 of issue 12: 16 such messages in the evaluation sets).
     * Syllables that are words of those languages too ("ban", "toi", "den", "can", "tu", "day", "ma", "ne", "mot")
     * are left out.
     */
    private static final Set<String> UNMARKED_VIETNAMESE = Set.of("khong", "ko", "hok", "hong", "duoc", "dc",
            "nguoi", "nuoc", "nha", "cua", "tui", "roi", "chay", "nhe", "oi", "vay", "lam", "minh", "voi", "xuong",
            "ngoai", "phong", "tang", "cau", "suoi", "dien", "bep", "mui", "chet", "thi", "hom", "gio", "chieu",
            "dem", "bao", "nhieu", "nhung", "duong", "truoc", "nhau", "biet", "muon", "phai", "khi", "lai", "vao",
            "vo", "thay", "nghe", "hu", "dang", "xe", "tien", "thang", "ngay", "tuan", "giup", "sua", "cho", "anh",
            "chi", "em", "nay", "qua", "sao", "gi", "ui", "troi", "bi", "cai", "hai", "khoa", "khach",
            "thue", "tro", "dau", "ong", "ngu", "hoi", "trong", "tren", "duoi", "nong", "lanh", "het", "dung",
            "xin", "giu", "nhin", "thoat", "ngap", "chua", "luon", "nhanh", "ngat", "benh", "vien", "xai",
            "bong", "cuu", "kia", "thu", "muoi", "nghet", "tuong", "khoan", "dep", "co", "dich", "vu", "xong", "cong",
            "trao", "cu", "phoi", "khan", "ao", "quan", "hanh", "lang", "tuot", "lua", "hoai", "canh", "khoi",
            "boc", "thuoc", "uong", "nhu", "ngoi", "cung", "tuoi", "giat", "tieng", "nhuc");
    private static final Pattern LATIN_WORD = Pattern.compile("[a-z]+");
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
        if (unmarkedVietnamese(text)) {
            return Optional.of(Language.VI);
        }
        return switch (Lingua.INSTANCE.detectLanguageOf(text)) {
            case ENGLISH -> Optional.of(Language.EN);
            case SPANISH -> Optional.of(Language.ES);
            case FRENCH -> Optional.of(Language.FR);
            case VIETNAMESE -> Optional.of(Language.VI);
            default -> Optional.empty();
        };
    }

    /**
     * Whether {@code text} is Vietnamese typed without marks: only unaccented Latin letters, and at least two
     * words, and two in five, are syllables of {@link #UNMARKED_VIETNAMESE}.
     */
    private static boolean unmarkedVietnamese(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.chars().anyMatch(c -> Character.isLetter(c) && c > 0x7f)) {
            return false;
        }
        int words = 0;
        int vietnamese = 0;
        var matcher = LATIN_WORD.matcher(lower);
        while (matcher.find()) {
            words++;
            vietnamese += UNMARKED_VIETNAMESE.contains(matcher.group()) ? 1 : 0;
        }
        return vietnamese >= 2 && vietnamese * 5 >= words * 2;
    }
}
