package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How much of a question the knowledge base has words for: the question's analysed words (stemmed, without stop
 * words and question words) and in how many of the passages the asker may see each occurs. "Is there a sauna?" has
 * one word, "sauna", and no document says it: nothing there can answer it, however close in meaning the pool
 * rules are. Words are weighted by their inverse document frequency, so a word every passage has ("Maple Court"
 * in "Is there a tennis court?") says little about whether the knowledge base covers the question.
 *
 * @param terms the question's analysed words, less the words of asking ({@link #ASKING})
 * @param passagesWith per term, how many passages in scope contain it (0: unknown)
 * @param passages how many passages there are in scope
 */
public record TermCoverage(List<String> terms, List<Integer> passagesWith, int passages) {

    /**
     * Analysed words that shape a question rather than say what it is about ("how much", "how many", "how long",
     * "is it ok", "what happens"): a knowledge base that never writes "much" still answers "How much is the pet
     * fee?". Stemmed as the index stems them. With them the words any tenant's question about a home may hold
     * ("building", "apartment", "unit", "property", "flat"): every property's documents say them, so "Is there a
     * sauna in the building?" is known only by "building" without them (round 4 of issue 12: off-topic refused
     * on dev 20 -> 22 of 28, held out 3 7 -> 9 of 16, held out 4 6 -> 7 of 16, no answerable question refused).
     */
    static final Set<String> ASKING = Set.of("much", "mani", "ok", "okai", "long", "far", "often", "soon", "get",
            "got", "go", "goe", "put", "need", "new", "yet", "done", "happen", "thing", "sai", "want", "like", "tell",
            "know", "let", "ask", "build", "apart", "unit", "properti", "flat");

    public TermCoverage {
        if (terms.size() != passagesWith.size()) {
            throw new IllegalArgumentException("one count per term");
        }
        List<String> kept = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            if (!ASKING.contains(terms.get(i))) {
                kept.add(terms.get(i));
                counts.add(passagesWith.get(i));
            }
        }
        terms = List.copyOf(kept);
        passagesWith = List.copyOf(counts);
    }

    /** The words no passage in scope contains. */
    public List<String> unknown() {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            if (passagesWith.get(i) == 0) {
                unknown.add(terms.get(i));
            }
        }
        return unknown;
    }

    /** This coverage without {@code words} (the asker's property and unit names: words of asking for them). */
    TermCoverage without(Set<String> words) {
        List<String> kept = new ArrayList<>(terms);
        List<Integer> counts = new ArrayList<>(passagesWith);
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (words.contains(kept.get(i))) {
                kept.remove(i);
                counts.remove(i);
            }
        }
        return new TermCoverage(kept, counts, passages);
    }

    /** This coverage with {@code term} counted as occurring in {@code count} passages (a synonym's count). */
    TermCoverage known(String term, int count) {
        List<Integer> counts = new ArrayList<>(passagesWith);
        int at = terms.indexOf(term);
        if (at >= 0) {
            counts.set(at, Math.max(counts.get(at), count));
        }
        return new TermCoverage(terms, counts, passages);
    }

    /**
     * The share of the question's weight (each word's inverse document frequency, log((N + 1) / (n + 1)) + 1)
     * that lies in words no passage contains; 0 for a question without any word.
     */
    public double unknownShare() {
        double total = 0;
        double unknown = 0;
        for (int count : passagesWith) {
            double idf = Math.log((passages + 1.0) / (count + 1.0)) + 1;
            total += idf;
            unknown += count == 0 ? idf : 0;
        }
        return total == 0 ? 0 : unknown / total;
    }
}
