package app.porter.inference;

import java.util.List;

/**
 * Turns text into unit-length vectors whose dot product is their cosine similarity.
 *
 * <p>Two sides: {@link #embedAll} for questions and whatever is compared with questions (intent examples), and
 * {@link #embedPassages} for the knowledge base's passages. Models trained with a prefix per side (e5's
 * "query: "/"passage: ") need the two kept apart; for the others they are the same.
 */
public interface Embedder extends AutoCloseable {

    /** Length of every vector this embedder returns. */
    int dimensions();

    /** A short name of the model, e.g. {@code all-minilm-l6-v2-q}; stored beside vectors to detect a model change. */
    String modelName();

    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Embeds questions (the query side); the result is in the same order. */
    List<float[]> embedAll(List<String> texts);

    /**
     * Embeds passages to index (the passage side), in the same order. May take a while for a document's worth: an
     * implementation may use several cores, but must let {@link #embedAll} (a tenant waiting) go first.
     */
    default List<float[]> embedPassages(List<String> texts) {
        return embedAll(texts);
    }

    @Override
    void close();
}
