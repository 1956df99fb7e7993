package app.porter.inference;

import java.util.List;

/** Turns text into unit-length vectors whose dot product is their cosine similarity. */
public interface Embedder extends AutoCloseable {

    /** Length of every vector this embedder returns. */
    int dimensions();

    /** A short name of the model, e.g. {@code all-minilm-l6-v2-q}; stored beside vectors to detect a model change. */
    String modelName();

    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Embeds {@code texts}; the result is in the same order. */
    List<float[]> embedAll(List<String> texts);

    @Override
    void close();
}
