package app.porter.knowledge;

import static app.porter.knowledge.IndexLayout.WORDS;

import java.io.IOException;
import java.util.Locale;
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
 * documents cannot confirm is not made ("bloing" could be blowing or booing).
 */
final class Respelling {

    /**
     * Words of five letters or more, in lower case or capitalised: shorter ones are texting ("nite", "bday", "pls")
     * whose nearest word is rarely the meant one, and capitals inside a word are a name or a formula ("NaCl").
     */
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\d'’-])\\p{L}\\p{Ll}{4,}(?![\\p{L}\\d'’-])");

    /**
     * How far (in edits, a swap counting as one) a document word may be from the tenant's for English to be asked
     * what the word was: asking takes 10-50 ms, finding no document word this close a fraction of one, and texting,
     * names and slang ("paychek" where no document says paycheck) mostly have none.
     */
    private static final int MAX_EDITS = 2;

    /** Loaded in the background from the index's opening (about 0.3 s): neither start-up nor a first question waits. */
    private final CompletableFuture<EnglishWords> english = CompletableFuture.supplyAsync(EnglishWords::bundled);

    /** {@code text} with each misspelt word replaced by the documents' spelling; {@code text} itself when none. */
    String respelled(IndexReader reader, String text) throws IOException {
        Matcher words = WORD.matcher(text);
        IndexSearcher searcher = new IndexSearcher(reader);
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
            for (String correction : english.join().corrections(lower)) {
                if (reader.docFreq(new Term(WORDS, correction)) > 0) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, words.start()).append(correction);
                    copied = words.end();
                    break;
                }
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }
}
