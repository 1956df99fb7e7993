package app.porter.modelimport;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static app.porter.modelimport.TensorNames.layer;

/**
 * Hand-sized checkpoints for checking one variant piece at a time: hidden 4, two query heads sharing one key/value
 * head of 2, MLP 4, vocabulary 6, random weights with every tensor the variant's family has.
 */
final class SmallCheckpoints {

    static final int HIDDEN = 4;
    static final int HEAD_DIM = 2;
    static final int MLP = 4;
    static final int VOCAB = 6;

    private SmallCheckpoints() {
    }

    /** eps tiny, so RMSNorm is scale-invariant to float precision (the invariance tests rely on it). */
    static DecoderShape shape(String architecture, int layers, DecoderShape.Variant variant, boolean tied) {
        return new DecoderShape(architecture, VOCAB, HIDDEN, layers, 2, 1, HEAD_DIM, MLP, 64, 10000, 1e-12, tied,
                variant, 1, new int[]{2});
    }

    static DecoderShape.Variant variant(DecoderShape.Activation activation, DecoderShape.QkNorm qkNorm,
                                        boolean bias, boolean postNorms, double normOffset, double embeddingScale,
                                        double residualScale, double logitScale, double logitSoftcap,
                                        double attentionSoftcap, int window) {
        return new DecoderShape.Variant(activation, qkNorm, bias, postNorms, normOffset, embeddingScale,
                residualScale, Double.NaN, logitScale, logitSoftcap, attentionSoftcap, window, Optional.empty());
    }

    /** Random weights for every tensor {@code shape}'s family has, under their Hugging Face names. */
    static Map<String, float[]> weights(DecoderShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DecoderShape.Variant v = shape.variant();
        Map<String, float[]> w = new HashMap<>();
        int q = shape.heads() * HEAD_DIM;
        int kv = shape.kvHeads() * HEAD_DIM;
        w.put(TensorNames.EMBED, values(random, VOCAB * HIDDEN, 0, 1));
        w.put(TensorNames.FINAL_NORM, values(random, HIDDEN, 1 - v.normWeightOffset(), 0.3));
        if (!shape.tiedEmbeddings()) {
            w.put(TensorNames.LM_HEAD, values(random, VOCAB * HIDDEN, 0, 1));
        }
        boolean gemma2 = shape.architecture().equals("gemma2");
        for (int l = 0; l < shape.layers(); l++) {
            w.put(layer(l, TensorNames.Q), values(random, q * HIDDEN, 0, 0.7));
            w.put(layer(l, TensorNames.K), values(random, kv * HIDDEN, 0, 0.7));
            w.put(layer(l, TensorNames.V), values(random, kv * HIDDEN, 0, 0.7));
            w.put(layer(l, TensorNames.O), values(random, HIDDEN * q, 0, 0.7));
            w.put(layer(l, TensorNames.GATE), values(random, MLP * HIDDEN, 0, 0.7));
            w.put(layer(l, TensorNames.UP), values(random, MLP * HIDDEN, 0, 0.7));
            w.put(layer(l, TensorNames.DOWN), values(random, HIDDEN * MLP, 0, 0.7));
            if (v.attentionBias()) {
                w.put(layer(l, TensorNames.Q_BIAS), values(random, q, 0, 0.5));
                w.put(layer(l, TensorNames.K_BIAS), values(random, kv, 0, 0.5));
                w.put(layer(l, TensorNames.V_BIAS), values(random, kv, 0, 0.5));
            }
            if (v.qkNorm() != DecoderShape.QkNorm.NONE) {
                boolean whole = v.qkNorm() == DecoderShape.QkNorm.WHOLE;
                w.put(layer(l, TensorNames.Q_NORM), values(random, whole ? q : HEAD_DIM, 1, 0.3));
                w.put(layer(l, TensorNames.K_NORM), values(random, whole ? kv : HEAD_DIM, 1, 0.3));
            }
            if (!v.postNorms() || gemma2) {
                w.put(layer(l, TensorNames.INPUT_NORM), values(random, HIDDEN, 1 - v.normWeightOffset(), 0.3));
            }
            w.put(layer(l, TensorNames.POST_ATTENTION_NORM), values(random, HIDDEN, 1 - v.normWeightOffset(), 0.3));
            if (gemma2) {
                w.put(layer(l, TensorNames.PRE_FEEDFORWARD_NORM), values(random, HIDDEN, 1 - v.normWeightOffset(),
                        0.3));
            }
            if (v.postNorms()) {
                w.put(layer(l, TensorNames.POST_FEEDFORWARD_NORM), values(random, HIDDEN, 1 - v.normWeightOffset(),
                        0.3));
            }
        }
        return w;
    }

    static Checkpoint checkpoint(DecoderShape shape, Map<String, float[]> weights) {
        Map<String, Tensor> tensors = new HashMap<>();
        weights.forEach((name, values) -> TinyLlamaCheckpoint.put(tensors, name, values, values.length));
        return new Checkpoint(shape, tensors, new TokenizerFiles("{}", "{}", Optional.empty()), "hand-sized");
    }

    /** The last token's logits after feeding {@code prompt} from an empty cache. */
    static float[] lastLogits(DecoderShape shape, Map<String, float[]> weights, int... prompt) {
        ReferenceDecoder decoder = new ReferenceDecoder(checkpoint(shape, weights));
        float[][] logits = decoder.forward(prompt, decoder.newCache());
        return logits[logits.length - 1];
    }

    /** A copy of {@code weights} with {@code name} multiplied by {@code factor} in {@code [from, to)}. */
    static Map<String, float[]> scaled(Map<String, float[]> weights, String name, float factor, int from, int to) {
        Map<String, float[]> copy = new HashMap<>(weights);
        float[] values = weights.get(name).clone();
        for (int i = from; i < to; i++) {
            values[i] *= factor;
        }
        copy.put(name, values);
        return copy;
    }

    private static float[] values(SplittableRandom random, int n, double mean, double spread) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + spread * (2 * random.nextDouble() - 1));
        }
        return out;
    }
}
