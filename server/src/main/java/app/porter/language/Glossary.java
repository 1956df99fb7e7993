package app.porter.language;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A bilingual property-management glossary, from each language Porter speaks into English: how a tenant's
 * question is put into the words of an English knowledge base when no translation or multilingual embedding model
 * can be had. "¿Se permiten perros en el apartamento?" becomes "allowed dog apartment", which both BM25 and the
 * English embedder match against the handbook's Pets section.
 *
 * <p>The glossary is {@code /language/glossary/<language>.txt}, one line per entry,
 * {@code variant, variant, ... = english words} ({@code = ?when}: a question word, rendered but not enough on
 * its own; {@code = -}: a word that says nothing), written by hand for the domain (rent, deposit, pets, parking,
 * lease, notice, laundry, trash, heat, lock-outs, keys, mail, guests, noise, repairs ...) and the words of a
 * question (when, where, how much, can I). Words are looked up in their light-stemmed, accent-folded form
 * ({@link GlossaryWords}), longest entry first, so a multi-word entry ("plaza de aparcamiento", "chỗ đậu xe",
 * "垃圾桶") wins over its parts. A word the glossary does not know is left out, unless it holds a digit or is a
 * name in Latin letters ("P-14", "Maple Court"), which the knowledge base may contain as written, or an English word
 * the glossary knows, borrowed into the question ("late fee", "roommate").
 *
 * <p>Immutable and thread-safe; loaded once per process.
 */
public final class Glossary {

    /** The shortest English word taken as borrowed into another language. */
    private static final int MIN_LOANWORD = 4;
    /** The same in Vietnamese for a word that could be a syllable typed without marks (none is this long). */
    private static final int MIN_VIETNAMESE_LOANWORD = 5;
    /** And for one that cannot ("fee", "gas", "bus"). */
    private static final int MIN_VIETNAMESE_NON_SYLLABLE = 3;
    /**
     * A Vietnamese syllable without its marks: an initial consonant, one to three vowels, a final from the few
     * Vietnamese allows. "hang", "ban", "tan" can be one; "rent", "late", "fee", "book" cannot, so in a Vietnamese
     * question they are English however short (round 13 of issue 12: "trả rent ngày 4 thì có bị tính late fee
     * không" lost both).
     */
    private static final Pattern VIETNAMESE_SYLLABLE = Pattern.compile(
            "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?");
    /** English words in the glossary's renderings that say what a question is about no more than its grammar does. */
    private static final Set<String> FUNCTION_WORDS = Set.of("with", "from", "into", "over", "after", "before",
            "when", "where", "what", "which", "does", "have", "your", "that", "this", "there", "about", "than",
            "then", "them", "they", "their", "will", "would", "could", "should", "been", "being", "were", "some",
            "more", "most", "also", "just", "only", "very", "much", "many");

    /** The question in English words, and how many of its words the glossary knew. */
    public record Rendering(String english, int known, int words) {
    }

    /** @param byLoose the same entries by their forms without tone marks, for text typed without them */
    private record Entries(Map<String, String> byForm, Map<String, String> byLoose, int longest) {

        String find(List<GlossaryWords> words) {
            String meaning = byForm.get(key(words, GlossaryWords::form));
            return meaning != null || words.stream().anyMatch(w -> w.loose() == null) ? meaning
                    : byLoose.get(key(words, GlossaryWords::loose));
        }
    }

    private static final class Bundled {
        static final Glossary INSTANCE = new Glossary();
    }

    private final Map<Language, Entries> entries = new EnumMap<>(Language.class);
    /**
     * English to English: the words tenants use for what documents call otherwise ("bounced" for a returned
     * payment, "vape" for smoking, "walk-through" for the move-out inspection), from {@code en.txt}.
     */
    private final Entries synonyms;
    /**
     * The English words the glossary knows (what its entries render to, and the tenants' English words of the
     * synonym map), for English written into a question in another language: "cuánto me van a cargar de late fee",
     * "hay chargers aquí", "em bị bounce check" (round 12 of issue 12).
     */
    private final Set<String> englishWords;

    private Glossary() {
        for (Language language : Language.values()) {
            if (language != Language.EN) {
                entries.put(language, load(language));
            }
        }
        synonyms = load(Language.EN);
        // in the English lookup form (plurals made singular), as a borrowed word is looked up
        Stream<String> rendered = Stream.concat(entries.values().stream().flatMap(e -> e.byForm().values().stream())
                .filter(meaning -> !meaning.startsWith("?")), synonyms.byForm().values().stream());
        englishWords = Stream.concat(rendered, synonyms.byForm().keySet().stream())
                .flatMap(words -> Stream.of(words.split(" ")))
                // as short as any language takes one (loanword() applies each language's own length)
                .filter(word -> word.length() >= MIN_VIETNAMESE_NON_SYLLABLE && word.chars().allMatch(c -> c < 0x80)
                        && !FUNCTION_WORDS.contains(word.toLowerCase(Locale.ROOT)))
                .map(word -> GlossaryWords.form(word, Language.EN))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The glossary shipped with Porter. */
    public static Glossary bundled() {
        return Bundled.INSTANCE;
    }

    /** How many entries (source variants) the glossary has for {@code language}. */
    public int size(Language language) {
        Entries e = entries.get(language);
        return e == null ? 0 : e.byForm().size();
    }

    /**
     * {@code text}, written in {@code language}, in English words; empty when the text is English or the glossary
     * knows none of its words.
     */
    public Optional<Rendering> toEnglish(String text, Language language) {
        Entries e = entries.get(language);
        if (e == null || text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<GlossaryWords> words = GlossaryWords.of(text, language);
        List<String> english = new ArrayList<>();
        int known = 0;
        int content = 0;
        for (int i = 0; i < words.size(); ) {
            int matched = 0;
            for (int n = Math.min(e.longest(), words.size() - i); n >= 1 && matched == 0; n--) {
                String meaning = e.find(words.subList(i, i + n));
                if (meaning != null) {
                    boolean questionWord = meaning.startsWith("?");
                    for (String word : (questionWord ? meaning.substring(1) : meaning).split(" ")) {
                        if (!word.isEmpty() && !english.contains(word)) {
                            english.add(word);
                        }
                    }
                    content += questionWord || meaning.isEmpty() ? 0 : 1;
                    matched = n;
                }
            }
            if (matched > 0) {
                known += matched;
                i += matched;
            } else {
                String loanword = loanword(words.get(i).original(), language);
                if (loanword != null) {
                    english.add(loanword);
                    content++;
                    known++;
                } else if (keptAsWritten(words.get(i).original(), i, language)) {
                    english.add(words.get(i).original());
                    content++;
                }
                i++;
            }
        }
        // A question the glossary knows only the question words of ("¿Qué tiempo hará mañana?": "what") is not
        // about anything the knowledge base says: left as written, it is judged by its own words.
        if (content == 0) {
            return Optional.empty();
        }
        return Optional.of(new Rendering(String.join(" ", english), known, words.size()));
    }

    /** A span of an English question the synonym map knows, and the documents' words for it. */
    public record Synonym(String words, String documentWords) {
    }

    /**
     * The spans of an English question the synonym map knows ("vape" -> "smoking smoke", "walk-through" ->
     * "inspection move-out"), longest first, left to right; empty when it knows none.
     */
    public List<Synonym> synonyms(String english) {
        if (english == null || english.isBlank()) {
            return List.of();
        }
        List<GlossaryWords> words = GlossaryWords.of(english, Language.EN);
        List<Synonym> found = new ArrayList<>();
        for (int i = 0; i < words.size(); ) {
            int matched = 0;
            for (int n = Math.min(synonyms.longest(), words.size() - i); n >= 1 && matched == 0; n--) {
                String meaning = synonyms.find(words.subList(i, i + n));
                if (meaning != null) {
                    found.add(new Synonym(words.subList(i, i + n).stream().map(GlossaryWords::original)
                            .collect(Collectors.joining(" ")), meaning));
                    matched = n;
                }
            }
            i += Math.max(1, matched);
        }
        return found;
    }

    /**
     * An English phrase in the words property documents use: each span the synonym map knows replaced by its
     * documents' words ("EV charger" -> "charging electric vehicle"); the phrase as it is when none is known.
     */
    public String inDocumentWords(String english) {
        String rendered = english;
        for (Synonym synonym : synonyms(english)) {
            rendered = rendered.replace(synonym.words(), synonym.documentWords());
        }
        return rendered;
    }

    /**
     * An English question with the words property documents use for its words added after them ("Can I vape on
     * the balcony?" gains "smoking smoke"), for keyword search, which matches words and not meanings; empty when
     * the synonym map knows none of its words. The question's own words all stay: the map adds, never replaces.
     */
    public Optional<String> withSynonyms(String english) {
        List<String> added = new ArrayList<>();
        for (Synonym synonym : synonyms(english)) {
            for (String word : synonym.documentWords().split(" ")) {
                if (!word.isEmpty() && !added.contains(word)) {
                    added.add(word);
                }
            }
        }
        return added.isEmpty() ? Optional.empty() : Optional.of(english + " " + String.join(" ", added));
    }

    /**
     * {@code word} as the English word it is, when a question in Spanish, French or Vietnamese borrows one the
     * glossary knows ("late fee", "chargers", "roommate"); null otherwise. A Vietnamese syllable typed without marks
     * can be an English word ("hang", "ban", "tan"), so in Vietnamese a short word counts only when it cannot be one.
     */
    private String loanword(String word, Language language) {
        if (language == Language.ZH || language == Language.AR) {
            return null;
        }
        if (language == Language.VI ? word.length() < MIN_VIETNAMESE_LOANWORD
                && VIETNAMESE_SYLLABLE.matcher(word.toLowerCase(Locale.ROOT)).matches()
                : word.length() < MIN_LOANWORD) {
            return null;
        }
        String form = GlossaryWords.form(word, Language.EN);
        return englishWords.contains(form) ? form : null;
    }

    /** A number or code ("4B", "P-14") or a name in Latin letters (not the first word, capitalised anyway). */
    private static boolean keptAsWritten(String word, int position, Language language) {
        if (word.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        boolean latin = word.chars().allMatch(c -> c < 0x250);
        if (language == Language.ZH || language == Language.AR) {
            return latin && word.length() > 1;
        }
        return latin && position > 0 && Character.isUpperCase(word.charAt(0));
    }

    private static String key(List<GlossaryWords> words, Function<GlossaryWords, String> form) {
        return words.stream().map(form).collect(Collectors.joining(" "));
    }

    private static Entries load(Language language) {
        String resource = "/language/glossary/" + language.key() + ".txt";
        Map<String, String> byForm = new HashMap<>();
        Map<String, String> byLoose = new HashMap<>();
        int longest = 1;
        try (InputStream in = Glossary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                String content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                int eq = content.lastIndexOf('=');
                if (eq < 0) {
                    throw new IllegalStateException(resource + ":" + number + ": expected 'variants = english'");
                }
                // "= -" marks words that say nothing to retrieval: known (so counted), but rendered as nothing.
                String meaning = content.substring(eq + 1).strip();
                meaning = meaning.equals("-") ? "" : meaning;
                for (String variant : content.substring(0, eq).split(",")) {
                    List<GlossaryWords> words = GlossaryWords.of(variant.strip(), language);
                    if (words.isEmpty()) {
                        continue;
                    }
                    // The first line that defines a form wins: put specific entries above general ones.
                    byForm.putIfAbsent(key(words, GlossaryWords::form), meaning);
                    byLoose.putIfAbsent(key(words, w -> GlossaryWords.entryLoose(w.form(), language)), meaning);
                    longest = Math.max(longest, words.size());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return new Entries(Map.copyOf(byForm), Map.copyOf(byLoose), longest);
    }
}
