package app.porter.knowledge;

import static app.porter.knowledge.IndexLayout.WORDS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;

import app.porter.language.EnglishWords;

/**
 * Repairs the misspelt words of an English question before anything reads it: "how long till i get my depostit
 * back" asks about the deposit. A misspelling costs more than a missed keyword: the embedder cuts "depostit" into
 * pieces that mean nothing, and the deposit section fell out of the first ten (round 12 of issue 12). A word is
 * repaired only when neither English nor any document knows it, and only into one of English's corrections for
 * it ({@link EnglishWords#corrections}) that a document uses, the likeliest such: a real word the documents lack
 * ("kayak", "cable") stays as written, so what the knowledge base does not cover is still refused, and a guess the
 * documents cannot confirm is not made ("bloing" could be blowing or booing). Chat shorthand is written out first
 * ("how much do the dryers cost in the bldg B basement": a building, round 14), from a short list of shorthand with
 * one meaning in a tenant's question ({@code /language/spelling/shorthand-en.txt}); no dictionary knows it.
 */
final class Respelling {

    /**
     * Words of five letters or more, in lower case or capitalised: shorter ones are texting ("nite", "bday", "pls")
     * whose nearest word is rarely the meant one, and capitals inside a word are a name or a formula ("NaCl").
     */
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\d'’-])\\p{L}\\p{Ll}{4,}(?![\\p{L}\\d'’-])");

    /**
     * A misspelling is one slip from the word meant: a letter left out, added, changed or two swapped ("depostit",
     * "parkng", "seperate", "satelite"). Two slips reach other words ("responders" to responds, "thinkin" to think,
     * round 13 of issue 12), so a document word is looked for within one edit of the tenant's, sharing its first
     * letter ("uhaul" is not "haul"); finding none takes a fraction of a millisecond, and only then is English asked
     * for its corrections (10-50 ms).
     */
    private static final int MAX_EDITS = 1;

    /** Shorthand as typed, with or without a slash ("bldg", "w/o", "b/c"): a whole word, in any case. */
    private static final Pattern SHORTHAND_WORD =
            Pattern.compile("(?<![\\p{L}\\d'’/-])\\p{L}[\\p{L}\\d]*(?:/\\p{L}?)?(?![\\p{L}\\d'’/-])");
    private static final Map<String, String> SHORTHAND = shorthand();

    /** Loaded in the background from the index's opening (0.3-0.6 s): neither start-up nor a first question waits. */
    private final CompletableFuture<EnglishWords> english = CompletableFuture.supplyAsync(EnglishWords::bundled);

    /**
     * {@code text} with its shorthand written out and each misspelt word replaced by the documents' spelling;
     * {@code text} itself when neither.
     */
    String respelled(IndexSearcher searcher, String text) throws IOException {
        return misspellingsRepaired(searcher, writtenOut(text));
    }

    /**
     * {@code text} with its shorthand written out, whatever the documents write: a document of another property
     * that says "Bldg" does not make "bldg B basement" a place this property's documents name (round 14).
     */
    private static String writtenOut(String text) {
        Matcher words = SHORTHAND_WORD.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (words.find()) {
            String lower = words.group().toLowerCase(Locale.ROOT);
            String meant = SHORTHAND.get(lower);
            if (meant == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, copied, words.start()).append(meant);
            copied = words.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private String misspellingsRepaired(IndexSearcher searcher, String text) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Matcher words = WORD.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (words.find()) {
            String lower = words.group().toLowerCase(Locale.ROOT);
            Term term = new Term(WORDS, lower);
            // Cheapest first: a document's word, an English word (microseconds), no document word near it.
            if (!lower.chars().allMatch(c -> c >= 'a' && c <= 'z') || reader.docFreq(term) > 0
                    || english.join().isWord(lower) || searcher.count(new FuzzyQuery(term, MAX_EDITS, 1)) == 0) {
                continue;
            }
            String best = null;
            double bestCost = MAX_EDITS + 0.5;
            for (String correction : english.join().corrections(lower)) {
                double cost = slips(lower, correction);
                if (cost < bestCost && correction.charAt(0) == lower.charAt(0)
                        && reader.docFreq(new Term(WORDS, correction)) > 0) {
                    best = correction;
                    bestCost = cost;
                }
            }
            if (best != null) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, words.start()).append(best);
                copied = words.end();
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * The edits from {@code typed} to {@code meant} (Damerau-Levenshtein, a swap of neighbours counting as one), a
     * vowel typed for another vowel or a vowel left out counting half: the slips people make most ("renewel" is
     * renewal rather than renewed, "lockd" locked rather than locks). Of corrections equally likely to Hunspell, the
     * cheaper wins; ties keep Hunspell's order.
     */
    static double slips(String typed, String meant) {
        int n = typed.length();
        int m = meant.length();
        double[][] d = new double[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 1; j <= m; j++) {
            d[0][j] = d[0][j - 1] + (vowel(meant.charAt(j - 1)) ? 0.5 : 1);
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                char a = typed.charAt(i - 1);
                char b = meant.charAt(j - 1);
                double change = a == b ? 0 : vowel(a) && vowel(b) ? 0.5 : 1;
                double best = Math.min(d[i - 1][j - 1] + change, Math.min(d[i - 1][j] + 1,
                        d[i][j - 1] + (vowel(b) ? 0.5 : 1)));
                if (i > 1 && j > 1 && a == meant.charAt(j - 2) && typed.charAt(i - 2) == b) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }

    private static Map<String, String> shorthand() {
        Map<String, String> shorthand = new HashMap<>();
        try (InputStream in = Respelling.class.getResourceAsStream("/language/spelling/shorthand-en.txt");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int equals = line.indexOf(" = ");
                if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                    shorthand.put(line.substring(0, equals).strip(), line.substring(equals + 3).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(shorthand);
    }

    private static boolean vowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
