package app.porter.knowledge;

/** A passage with its cosine similarity to a query (−1..1, higher is closer). */
public record ScoredPassage(Passage passage, float score) {
}
