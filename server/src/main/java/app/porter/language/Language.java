package app.porter.language;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.porter.errors.InvalidInput;

/**
 * The languages Porter speaks with tenants: the one type for a language everywhere (detection, knowledge-base
 * documents, prompts, flows, the widget contract). Flows, safety instructions and widget texts exist in each;
 * anything else falls back to English. A knowledge-base document may be marked as one of them; a document without
 * a language is in the firm's default language.
 */
public enum Language {
    EN("en", false), ES("es", false), FR("fr", false), ZH("zh-Hans", false), VI("vi", false), AR("ar", true);

    private final String tag;
    private final boolean rightToLeft;

    Language(String tag, boolean rightToLeft) {
        this.tag = tag;
        this.rightToLeft = rightToLeft;
    }

    /** The BCP 47 tag sent to the widget, e.g. {@code zh-Hans}. */
    public String tag() {
        return tag;
    }

    public boolean rightToLeft() {
        return rightToLeft;
    }

    /** The script the language is written in. */
    public Script script() {
        return switch (this) {
            case ZH -> Script.HAN;
            case AR -> Script.ARABIC;
            default -> Script.LATIN;
        };
    }

    /** The key used in flow and text files: the primary language subtag ({@code zh} for Simplified Chinese). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The supported language a BCP 47 tag names ({@code es-MX} → ES, {@code zh-CN} → ZH), if any. */
    public static Optional<Language> fromTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String primary = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        for (Language lang : values()) {
            if (lang.key().equals(primary)) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #fromTag} but English when the tag is not a supported language. */
    public static Language orEnglish(String tag) {
        return fromTag(tag).orElse(EN);
    }

    /** Every tag, as stored and indexed and as the widget sends them. */
    public static List<String> tags() {
        return Arrays.stream(values()).map(Language::tag).toList();
    }

    /**
     * A language given by staff (e.g. a document's): null when not given.
     *
     * @throws InvalidInput for a language Porter does not support
     */
    public static Language require(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        return fromTag(tag).orElseThrow(() -> new InvalidInput("language must be one of "
                + String.join(", ", tags()) + " (BCP 47)"));
    }
}
