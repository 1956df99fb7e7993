package app.porter.flows;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages Porter speaks with tenants. Flows, safety instructions and widget texts exist in each; anything
 * else falls back to English.
 */
public enum Lang {
    EN("en", false), ES("es", false), FR("fr", false), ZH("zh-Hans", false), VI("vi", false), AR("ar", true);

    private final String tag;
    private final boolean rightToLeft;

    Lang(String tag, boolean rightToLeft) {
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

    /** The key used in flow and text files: the primary language subtag ({@code zh} for Simplified Chinese). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The supported language a BCP 47 tag names ({@code es-MX} → ES, {@code zh-CN} → ZH), if any. */
    public static Optional<Lang> fromTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String primary = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        for (Lang lang : values()) {
            if (lang.key().equals(primary)) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #fromTag} but English when the tag is not a supported language. */
    public static Lang orEnglish(String tag) {
        return fromTag(tag).orElse(EN);
    }
}
