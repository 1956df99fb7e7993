package app.porter.language;

import java.io.IOException;
import java.io.InputStream;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.hunspell.Dictionary;
import org.apache.lucene.analysis.hunspell.Hunspell;
import org.apache.lucene.analysis.hunspell.SortingStrategy;
import org.apache.lucene.analysis.hunspell.SuggestionTimeoutException;

/**
 * Whether a word is English as anyone spells it: Lucene's Hunspell over the SCOWL-derived en_US dictionary
 * (resources {@code language/spelling}, packaged by npm's dictionary-en 4.0.0; licence in LICENSE-SCOWL.txt beside
 * it). A tenant's word it does not know, and the knowledge base does not use either, is a misspelling worth
 * repairing ("depostit"); one it knows is left alone even when no document uses it ("kayak", "cable"), so a
 * question about something the documents lack is not bent into one about something they have.
 */
public final class EnglishWords {

    private static final String AFFIX = "/language/spelling/en_US.aff";
    private static final String WORDS = "/language/spelling/en_US.dic";
    /** How long one word's suggestions may take: Hunspell's search is thorough and has no other bound. */
    private static final long SUGGESTION_MILLIS = 50;

    /** Lucene's Hunspell objects are thread-safe: one serves every question. */
    private final Hunspell hunspell;

    private EnglishWords(Hunspell hunspell) {
        this.hunspell = hunspell;
    }

    /** The bundled dictionary, loaded once (0.3-0.6 s here) on first use. */
    public static EnglishWords bundled() {
        return Bundled.INSTANCE;
    }

    /** Loaded when first asked for (the class is initialised then), once. */
    private static final class Bundled {
        static final EnglishWords INSTANCE = load();
    }

    private static EnglishWords load() {
        try (InputStream affix = EnglishWords.class.getResourceAsStream(AFFIX);
             InputStream words = EnglishWords.class.getResourceAsStream(WORDS)) {
            if (affix == null || words == null) {
                throw new IOException("the bundled English dictionary is missing");
            }
            // Sorted in memory: the dictionary never touches a temporary file.
            return new EnglishWords(new Hunspell(new Dictionary(affix, List.of(words), false,
                    SortingStrategy.inMemory())));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("the bundled English dictionary cannot be read", e);
        }
    }

    /**
     * Whether {@code word} (letters, any case) is an English word: as written, capitalised (a name: "tesla"), or
     * with the apostrophe texting leaves out ("dont", "thats", "theyre").
     */
    public boolean isWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (hunspell.spell(lower) || hunspell.spell(Character.toUpperCase(lower.charAt(0)) + lower.substring(1))) {
            return true;
        }
        for (int cut = Math.max(1, lower.length() - 2); cut < lower.length(); cut++) {
            if (hunspell.spell(lower.substring(0, cut) + "'" + lower.substring(cut))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a word English does not know was probably meant to be, most likely first (Hunspell's order): single
     * words in lower case, so a word split in two ("elevate r" for "elevater") is passed over for the next. None for
     * a word that is English ({@link #isWord}), or English in other capitals ("wifi": WiFi). About 10-20 ms a word;
     * cut off at {@link #SUGGESTION_MILLIS}, keeping what was found by then.
     */
    public List<String> corrections(String word) {
        if (isWord(word)) {
            return List.of();
        }
        String lower = word.toLowerCase(Locale.ROOT);
        List<String> suggested;
        try {
            suggested = hunspell.suggest(lower, SUGGESTION_MILLIS);
        } catch (SuggestionTimeoutException e) {
            suggested = e.getPartialResult();
        }
        List<String> corrections = new ArrayList<>();
        for (String suggestion : suggested) {
            String plain = suggestion.toLowerCase(Locale.ROOT);
            if (plain.equals(lower)) {
                return List.of();
            }
            if (plain.chars().allMatch(Character::isLetter) && !corrections.contains(plain)) {
                corrections.add(plain);
            }
        }
        return corrections;
    }
}
