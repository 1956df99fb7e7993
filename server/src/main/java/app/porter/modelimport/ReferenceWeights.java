package app.porter.modelimport;

import java.util.ArrayList;
import java.util.List;

import static app.porter.modelimport.TensorNames.layer;

/**
 * A checkpoint's weights dequantized once to float32, in Hugging Face layout ({@code [out, in]} rows). A q4_0, q8_0
 * or q4_K source is dequantized exactly, so it is the reference for itself. Optional tensors are null where the
 * family has none. Memory: four bytes a parameter (a 135M model takes about 540 MB while it is verified).
 */
record ReferenceWeights(float[] embed, float[] finalNorm, float[] lmHead, List<Layer> layers) {

    /**
     * One decoder block. Norms a family lacks are null: olmo2 has no {@code inputNorm}; only gemma2 has
     * {@code preFeedforwardNorm}; only olmo2 and gemma2 have {@code postFeedforwardNorm}.
     */
    record Layer(float[] q, float[] k, float[] v, float[] o, float[] qBias, float[] kBias, float[] vBias,
                 float[] qNorm, float[] kNorm, float[] gate, float[] up, float[] down, float[] inputNorm,
                 float[] postAttentionNorm, float[] preFeedforwardNorm, float[] postFeedforwardNorm) {
    }

    static ReferenceWeights of(Checkpoint checkpoint) {
        DecoderShape shape = checkpoint.shape();
        float[] embed = floats(checkpoint.require(TensorNames.EMBED), shape.vocabSize(), shape.hidden());
        float[] lmHead = shape.tiedEmbeddings() ? embed
                : floats(checkpoint.require(TensorNames.LM_HEAD), shape.vocabSize(), shape.hidden());
        List<Layer> layers = new ArrayList<>();
        int q = shape.heads() * shape.headDim();
        int kv = shape.kvHeads() * shape.headDim();
        int h = shape.hidden();
        int mlp = shape.intermediate();
        DecoderShape.Variant variant = shape.variant();
        for (int n = 0; n < shape.layers(); n++) {
            int qkNorm = switch (variant.qkNorm()) {
                case NONE -> 0;
                case PER_HEAD -> shape.headDim();
                case WHOLE -> q;
            };
            int kNorm = variant.qkNorm() == DecoderShape.QkNorm.WHOLE ? kv : qkNorm;
            // Post-norms with a pre-feedforward norm are gemma2's sandwich (input norm kept); without, olmo2's
            // (modeling_olmo2.py: no input norm, norms after attention and MLP only).
            boolean sandwich = variant.postNorms()
                    && checkpoint.find(layer(n, TensorNames.PRE_FEEDFORWARD_NORM)).isPresent();
            boolean inputNorm = !variant.postNorms() || sandwich;
            layers.add(new Layer(
                    floats(checkpoint, n, TensorNames.Q, true, q, h),
                    floats(checkpoint, n, TensorNames.K, true, kv, h),
                    floats(checkpoint, n, TensorNames.V, true, kv, h),
                    floats(checkpoint, n, TensorNames.O, true, h, q),
                    floats(checkpoint, n, TensorNames.Q_BIAS, variant.attentionBias(), q),
                    floats(checkpoint, n, TensorNames.K_BIAS, variant.attentionBias(), kv),
                    floats(checkpoint, n, TensorNames.V_BIAS, variant.attentionBias(), kv),
                    qkNorm == 0 ? null : floats(checkpoint, n, TensorNames.Q_NORM, true, qkNorm),
                    kNorm == 0 ? null : floats(checkpoint, n, TensorNames.K_NORM, true, kNorm),
                    floats(checkpoint, n, TensorNames.GATE, true, mlp, h),
                    floats(checkpoint, n, TensorNames.UP, true, mlp, h),
                    floats(checkpoint, n, TensorNames.DOWN, true, h, mlp),
                    inputNorm ? floats(checkpoint, n, TensorNames.INPUT_NORM, true, h) : null,
                    floats(checkpoint, n, TensorNames.POST_ATTENTION_NORM, true, h),
                    sandwich ? floats(checkpoint, n, TensorNames.PRE_FEEDFORWARD_NORM, true, h) : null,
                    floats(checkpoint, n, TensorNames.POST_FEEDFORWARD_NORM, variant.postNorms(), h)));
        }
        return new ReferenceWeights(embed, floats(checkpoint.require(TensorNames.FINAL_NORM), h), lmHead, layers);
    }

    /** A layer's tensor: required, or optional (null when absent). */
    private static float[] floats(Checkpoint checkpoint, int n, String what, boolean required, long... dims) {
        String name = layer(n, what);
        if (required) {
            return floats(checkpoint.require(name), dims);
        }
        return checkpoint.find(name).map(t -> floats(t, dims)).orElse(null);
    }

    private static float[] floats(Tensor tensor, long... dims) {
        if (tensor.elements() != product(dims)) {
            throw new IllegalArgumentException(tensor.name() + " has " + tensor.elements() + " elements; the"
                    + " decoder's shape wants " + product(dims));
        }
        return tensor.toFloats();
    }

    private static long product(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
