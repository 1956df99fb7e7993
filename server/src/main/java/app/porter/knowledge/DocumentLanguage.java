package app.porter.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.porter.errors.InvalidInput;

/**
 * The languages a knowledge-base document may be marked as: the six Porter speaks with tenants, as BCP 47 tags.
 * Kept here rather than borrowed from the flows layer, which depends on knowledge and not the other way round.
 * A document without a language is in the firm's default language; it is neither preferred nor passed over.
 */
public final class DocumentLanguage {

    /** The tags, as stored and indexed. */
    public static final List<String> TAGS = List.of("en", "es", "fr", "zh-Hans", "vi", "ar");

    private DocumentLanguage() {
    }

    /**
     * The supported tag {@code tag} names, by its primary language subtag ({@code es-MX} → {@code es},
     * {@code zh-CN} → {@code zh-Hans}); empty for a blank tag or a language Porter does not support.
     */
    public static Optional<String> of(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String primary = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        return TAGS.stream().filter(t -> t.startsWith(primary) && !primary.isEmpty()
                && (t.length() == primary.length() || t.charAt(primary.length()) == '-')).findFirst();
    }

    /**
     * A document's language as given by staff: null when not given, else one of {@link #TAGS}.
     *
     * @throws InvalidInput for a language Porter does not support
     */
    public static String require(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        return of(tag).orElseThrow(() -> new InvalidInput("language must be one of "
                + String.join(", ", TAGS) + " (BCP 47)"));
    }
}
