package app.porter.gaps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import app.porter.inference.Vectors;

/**
 * Groups gaps by meaning: greedy ("leader") clustering by cosine similarity to each cluster's centroid. Gaps are taken
 * newest first; each joins the most similar existing cluster when its centroid is at least {@code threshold} close,
 * or starts one. Why this and not k-means or agglomerative clustering: the number of distinct questions is not known
 * beforehand (k-means needs it), a property has at most a few hundred open gaps (so n x clusters comparisons are
 * microseconds), the result is deterministic for the same gaps, and a threshold on cosine similarity is the same
 * kind of knob as the answer gate's, which staff can reason about. Agglomerative (average-link) clustering would
 * be a little less order-dependent at O(n^2) memory; for paraphrases of one question the centroid is stable enough.
 */
final class GapClusters {

    private GapClusters() {
    }

    /** @param newestFirst open gaps, newest first; the clusters come back newest first too */
    static List<GapCluster> cluster(List<Gap> newestFirst, float threshold) {
        List<List<Gap>> members = new ArrayList<>();
        List<float[]> sums = new ArrayList<>();
        for (Gap gap : newestFirst) {
            int best = -1;
            float bestSimilarity = threshold;
            for (int i = 0; i < sums.size(); i++) {
                float similarity = cosine(sums.get(i), gap.vector());
                if (similarity >= bestSimilarity) {
                    best = i;
                    bestSimilarity = similarity;
                }
            }
            if (best < 0) {
                members.add(new ArrayList<>(List.of(gap)));
                sums.add(gap.vector().clone());
            } else {
                members.get(best).add(gap);
                float[] sum = sums.get(best);
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += gap.vector()[d];
                }
            }
        }
        List<GapCluster> clusters = new ArrayList<>();
        for (List<Gap> gaps : members) {
            Map<String, Integer> reasons = new TreeMap<>();
            gaps.forEach(g -> reasons.merge(g.reason(), 1, Integer::sum));
            clusters.add(new GapCluster(gaps.getFirst().id(), gaps.size(), new LinkedHashMap<>(reasons),
                    gaps.getFirst().createdAt(), gaps));
        }
        return clusters;
    }

    /** Cosine of a centroid's sum (not normalised) and a unit vector. */
    private static float cosine(float[] sum, float[] unit) {
        float norm = (float) Math.sqrt(Vectors.dot(sum, sum));
        return norm == 0 ? 0 : Vectors.dot(sum, unit) / norm;
    }
}
