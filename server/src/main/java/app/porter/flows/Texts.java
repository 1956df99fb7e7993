package app.porter.flows;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import app.porter.language.Language;

/** Porter's own sentences and answer words from {@code /flows/texts.yaml}. */
public final class Texts {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    /** The top-level keys that hold answer words (regular expressions over the whole message), not texts. */
    private static final Set<String> WORD_LISTS = Set.of("yes", "no", "cancel", "continue", "restart");

    private final Map<String, Localized> texts = new HashMap<>();
    private final Map<String, Pattern> words = new HashMap<>();

    public Texts() {
        Map<String, Object> yaml = Yaml.classpath("/flows/texts.yaml");
        for (Map.Entry<String, Object> e : yaml.entrySet()) {
            collect(e.getKey(), e.getValue());
        }
    }

    private void collect(String key, Object value) {
        if (WORD_LISTS.contains(key)) {
            words.put(key, Pattern.compile(String.valueOf(value), FLAGS));
            return;
        }
        if (value instanceof Map<?, ?> m && m.containsKey("en")) {
            texts.put(key, Localized.parse(value, key));
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collect(key + "." + e.getKey(), e.getValue());
            }
            return;
        }
        texts.put(key, Localized.parse(value, key));
    }

    public Localized get(String key) {
        Localized text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no text " + key);
        }
        return text;
    }

    public String in(String key, Language lang, Map<String, String> values) {
        return get(key).in(lang, values);
    }

    /** Whether the whole message is one of the answer words: yes, no, cancel, continue, restart. */
    public boolean is(String wordList, String message) {
        Pattern p = words.get(wordList);
        if (p == null) {
            throw new IllegalArgumentException("no word list " + wordList);
        }
        return p.matcher(Text.normalize(message)).matches();
    }
}
