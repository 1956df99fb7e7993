package app.porter.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Fusions that use the scores, not only the ranks, compared with the shipped reciprocal-rank fusion in
 * {@link RetrievalEval} (issue 12: with RRF at k=60 the ranks are nearly flat, so a weak keyword match can beat a
 * much closer passage). Each takes a question's BM25 and vector top 50 (every entry carries its exact cosine) and
 * returns the fused ranking.
 */
final class ScoreFusions {

    private ScoreFusions() {
    }

    /** The candidates by label, in table order. */
    static Map<String, BiFunction<List<ScoredPassage>, List<ScoredPassage>, List<ScoredPassage>>> candidates() {
        Map<String, BiFunction<List<ScoredPassage>, List<ScoredPassage>, List<ScoredPassage>>> all =
                new LinkedHashMap<>();
        for (float alpha : new float[]{0.97f, 0.95f, 0.93f, 0.9f, 0.8f, 0.7f}) {
            all.put(String.format(Locale.ROOT, "convex %.2f cosine + %.2f BM25 (1/rank)", alpha, 1 - alpha),
                    (k, v) -> convex(k, v, alpha));
        }
        for (float gap : new float[]{0.05f, 0.10f, 0.15f}) {
            all.put(String.format(Locale.ROOT, "RRF 0.25, top 3 re-ranked by cosine when gap > %.2f", gap),
                    (k, v) -> rerankByGap(RetrievalEval.fuse(k, v, 0.25f, 1f), gap));
        }
        all.put("RRF 0.25, vector side weighted by cosine / best cosine", ScoreFusions::cosineWeightedRrf);
        return all;
    }

    /** Every candidate passage once, with its cosine and both ranks. */
    private static Map<String, ScoredPassage> pool(List<ScoredPassage> keyword, List<ScoredPassage> vector) {
        Map<String, ScoredPassage> pool = new LinkedHashMap<>();
        for (int i = 0; i < vector.size(); i++) {
            ScoredPassage hit = vector.get(i);
            pool.put(hit.passage().id(), new ScoredPassage(hit.passage(), hit.score(), 0f, 0, i + 1));
        }
        for (int i = 0; i < keyword.size(); i++) {
            ScoredPassage hit = keyword.get(i);
            ScoredPassage known = pool.get(hit.passage().id());
            // BM25-only runs carry no similarity (no query vector): a passage outside the vector top 50 counts 0.
            pool.put(hit.passage().id(), new ScoredPassage(hit.passage(), known == null ? 0f : known.score(), 0f,
                    i + 1, known == null ? 0 : known.vectorRank()));
        }
        return pool;
    }

    private static List<ScoredPassage> ranked(List<ScoredPassage> fused) {
        List<ScoredPassage> sorted = new ArrayList<>(fused);
        sorted.sort(Comparator.comparingDouble((ScoredPassage h) -> -h.fused())
                .thenComparing(h -> h.passage().id()));
        return sorted;
    }

    /** alpha × cosine + (1 − alpha) × 1/BM25 rank (0 when BM25 did not find it). */
    static List<ScoredPassage> convex(List<ScoredPassage> keyword, List<ScoredPassage> vector, float alpha) {
        List<ScoredPassage> fused = new ArrayList<>();
        for (ScoredPassage hit : pool(keyword, vector).values()) {
            float bm25 = hit.keywordRank() == 0 ? 0f : 1f / hit.keywordRank();
            fused.add(new ScoredPassage(hit.passage(), hit.score(), alpha * hit.score() + (1 - alpha) * bm25,
                    hit.keywordRank(), hit.vectorRank()));
        }
        return ranked(fused);
    }

    /** The RRF ranking, except that a passage of the top 3 whose cosine beats the first's by more than gap goes first. */
    static List<ScoredPassage> rerankByGap(List<ScoredPassage> rrf, float gap) {
        if (rrf.size() < 2) {
            return rrf;
        }
        ScoredPassage best = rrf.getFirst();
        for (ScoredPassage hit : rrf.subList(1, Math.min(3, rrf.size()))) {
            if (hit.score() > best.score()) {
                best = hit;
            }
        }
        if (best == rrf.getFirst() || best.score() - rrf.getFirst().score() <= gap) {
            return rrf;
        }
        List<ScoredPassage> out = new ArrayList<>(rrf);
        out.remove(best);
        out.addFirst(best);
        return out;
    }

    /** RRF (BM25 0.25, vectors 1) where the vector side's term is scaled by cosine / the best cosine. */
    static List<ScoredPassage> cosineWeightedRrf(List<ScoredPassage> keyword, List<ScoredPassage> vector) {
        float top = vector.isEmpty() ? 1f : Math.max(1e-3f, vector.getFirst().score());
        List<ScoredPassage> fused = new ArrayList<>();
        for (ScoredPassage hit : pool(keyword, vector).values()) {
            float f = 0f;
            if (hit.keywordRank() > 0) {
                f += 0.25f / (HybridSearch.RRF_K + hit.keywordRank());
            }
            if (hit.vectorRank() > 0) {
                f += (hit.score() / top) / (HybridSearch.RRF_K + hit.vectorRank());
            }
            fused.add(new ScoredPassage(hit.passage(), hit.score(), f, hit.keywordRank(), hit.vectorRank()));
        }
        return ranked(fused);
    }
}
