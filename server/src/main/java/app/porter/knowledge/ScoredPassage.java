package app.porter.knowledge;

/**
 * A passage found for a query.
 *
 * <p>Results are <em>ranked</em> by {@link #fused}, the reciprocal-rank fusion of the keyword (BM25) and the
 * semantic (vector) rankings. But a fused score only says how a passage ranks against the others for this query;
 * it says nothing about whether any of them answers it (the best of ten poor matches still fuses to the top).
 * So every result also carries {@link #score}, its calibrated semantic similarity, which answerers compare with a
 * fixed threshold to decide whether to answer at all.
 *
 * @param score cosine similarity (−1..1) between the query and the passage's closest view (its heading, its whole
 *              text, or one of its sentences) under the embedding model; the "do we know this?" signal
 * @param fused reciprocal-rank-fusion score, the ranking key (higher ranks first)
 * @param keywordRank 1-based rank in the BM25 list, 0 when BM25 did not find it
 * @param vectorRank 1-based rank in the vector list, 0 when the vector search did not find it
 */
public record ScoredPassage(Passage passage, float score, float fused, int keywordRank, int vectorRank) {

    /**
     * Whether this passage is close enough to the question to be used at all: its similarity clears
     * {@code minSimilarity}. The one place the threshold is compared; {@link KnowledgeBase#answering} also checks the
     * question against what no document answers.
     */
    public boolean clears(float minSimilarity) {
        return score >= minSimilarity;
    }
}
