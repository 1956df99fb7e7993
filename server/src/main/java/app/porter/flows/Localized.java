package app.porter.flows;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import app.porter.language.Language;

/**
 * One text in each supported language, as written in a flow or text file: {@code {en: "...", es: "..."}} or a
 * plain string (the same in every language). A language without its own version falls back to English, so a
 * property's override file may translate only some texts.
 */
public record Localized(Map<Language, String> texts) {

    public Localized {
        texts = Map.copyOf(texts);
        if (!texts.containsKey(Language.EN)) {
            throw new IllegalArgumentException("every text needs at least an English version (en)");
        }
    }

    public static Localized of(String english) {
        return new Localized(Map.of(Language.EN, english));
    }

    /** Reads a YAML value: a string, or a map from language key ({@code en}, {@code zh}, ...) to string. */
    static Localized parse(Object yaml, String where) {
        if (yaml instanceof String s) {
            return of(s);
        }
        if (yaml instanceof Map<?, ?> map) {
            Map<Language, String> texts = new EnumMap<>(Language.class);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Language lang = Language.fromTag(String.valueOf(e.getKey()))
                        .orElseThrow(() -> new IllegalArgumentException(where + ": unknown language " + e.getKey()));
                texts.put(lang, String.valueOf(Objects.requireNonNull(e.getValue(), where)));
            }
            if (!texts.containsKey(Language.EN)) {
                throw new IllegalArgumentException(where + ": needs an English version (en)");
            }
            return new Localized(texts);
        }
        throw new IllegalArgumentException(where + ": expected a text or a map of language to text");
    }

    public String in(Language lang) {
        String text = texts.get(lang);
        return text != null ? text : texts.get(Language.EN);
    }

    /** The text in {@code lang} with each {@code {name}} replaced from {@code values}. */
    public String in(Language lang, Map<String, String> values) {
        return Placeholders.fill(in(lang), values);
    }
}
