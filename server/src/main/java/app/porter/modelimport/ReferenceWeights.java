package app.porter.modelimport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static app.porter.modelimport.TensorNames.layer;

/**
 * The weights the import's reference computes with, float32 in Hugging Face layout ({@code [out, in]} rows).
 * {@link #of}: the checkpoint's own values (a q4_0, q8_0, q4_K or q6_K source dequantized exactly is the reference
 * for itself). {@link #asWritten}: the values a graph in a {@link WeightFormat} holds, each linear weight packed as
 * {@link FusedGraph} packs it and read back ({@link PackedWeight#rows()}), with which matmuls round their input
 * ({@link Rounding}); then the reference checks that the graph computes what it holds, whatever rounding the format
 * chose. Optional tensors are null where the family has none. Memory: four bytes a parameter (a 135M model takes
 * about 540 MB while it is verified).
 */
record ReferenceWeights(float[] embed, float[] finalNorm, float[] lmHead, List<Layer> layers, Rounding rounding) {

    /**
     * One decoder block. Norms a family lacks are null: olmo2 has no {@code inputNorm}; only gemma2 has
     * {@code preFeedforwardNorm}; only olmo2 and gemma2 have {@code postFeedforwardNorm}.
     */
    record Layer(float[] q, float[] k, float[] v, float[] o, float[] qBias, float[] kBias, float[] vBias,
                 float[] qNorm, float[] kNorm, float[] gate, float[] up, float[] down, float[] inputNorm,
                 float[] postAttentionNorm, float[] preFeedforwardNorm, float[] postFeedforwardNorm) {
    }

    /**
     * Which matmuls round their input to 8-bit blocks, as the graph's {@code MatMulNBits} at accuracy level 4 do
     * in decode steps ({@link FusedGraph#STEP_ACCURACY}; llama.cpp rounds the same way before a q4_0 or q8_0 dot;
     * prompts of {@link FusedDecoderWriter#PREFILL_ROWS} rows or more do not round): per layer the q/k/v, o,
     * gate/up and down projections, and the LM head. None in the checkpoint's own math.
     */
    record Rounding(boolean[] qkv, boolean[] o, boolean[] gateUp, boolean[] down, boolean[] head) {
        static Rounding none(int layers) {
            return new Rounding(new boolean[layers], new boolean[layers], new boolean[layers], new boolean[layers],
                    new boolean[1]);
        }

        /** Whether any matmul rounds its input: the graph holds blocks. */
        boolean any() {
            for (boolean[] slots : List.of(qkv, o, gateUp, down, head)) {
                for (boolean rounds : slots) {
                    if (rounds) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The checkpoint's own values, no rounding. */
    static ReferenceWeights of(Checkpoint checkpoint) {
        return read(checkpoint, null);
    }

    /**
     * The values a graph written in {@code format} holds. {@link WeightFormat#F32}, or a float source kept as it is,
     * holds the checkpoint's own values.
     */
    static ReferenceWeights asWritten(Checkpoint checkpoint, WeightFormat format) {
        return read(checkpoint, WeightPacker.packsBlocks(checkpoint, format) ? format : null);
    }

    /** @param format how linear weights are packed, or null for the checkpoint's own values */
    private static ReferenceWeights read(Checkpoint checkpoint, WeightFormat format) {
        DecoderShape shape = checkpoint.shape();
        Rounding rounding = Rounding.none(shape.layers());
        float[] embed = floats(checkpoint.require(TensorNames.EMBED), shape.vocabSize(), shape.hidden());
        float[] lmHead;
        if (format != null) {
            lmHead = linears(format, rounding.head(), 0, checkpoint.lmHead())[0];
        } else {
            lmHead = shape.tiedEmbeddings() ? embed
                    : floats(checkpoint.require(TensorNames.LM_HEAD), shape.vocabSize(), shape.hidden());
        }
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
            float[][] qkv = linears(format, rounding.qkv(), n, sized(checkpoint, n, TensorNames.Q, q, h),
                    sized(checkpoint, n, TensorNames.K, kv, h), sized(checkpoint, n, TensorNames.V, kv, h));
            float[][] o = linears(format, rounding.o(), n, sized(checkpoint, n, TensorNames.O, h, q));
            float[][] gateUp = linears(format, rounding.gateUp(), n, sized(checkpoint, n, TensorNames.GATE, mlp, h),
                    sized(checkpoint, n, TensorNames.UP, mlp, h));
            float[][] down = linears(format, rounding.down(), n, sized(checkpoint, n, TensorNames.DOWN, h, mlp));
            layers.add(new Layer(qkv[0], qkv[1], qkv[2], o[0],
                    floats(checkpoint, n, TensorNames.Q_BIAS, variant.attentionBias(), q),
                    floats(checkpoint, n, TensorNames.K_BIAS, variant.attentionBias(), kv),
                    floats(checkpoint, n, TensorNames.V_BIAS, variant.attentionBias(), kv),
                    qkNorm == 0 ? null : floats(checkpoint, n, TensorNames.Q_NORM, true, qkNorm),
                    kNorm == 0 ? null : floats(checkpoint, n, TensorNames.K_NORM, true, kNorm),
                    gateUp[0], gateUp[1], down[0],
                    inputNorm ? floats(checkpoint, n, TensorNames.INPUT_NORM, true, h) : null,
                    floats(checkpoint, n, TensorNames.POST_ATTENTION_NORM, true, h),
                    sandwich ? floats(checkpoint, n, TensorNames.PRE_FEEDFORWARD_NORM, true, h) : null,
                    floats(checkpoint, n, TensorNames.POST_FEEDFORWARD_NORM, variant.postNorms(), h)));
        }
        return new ReferenceWeights(embed, floats(checkpoint.require(TensorNames.FINAL_NORM), h), lmHead, layers,
                rounding);
    }

    /**
     * Linear weights that the graph multiplies by together: their own values ({@code format} null), or packed as
     * {@link WeightPacker#pack} packs them (the graph's factors left out: the reference applies those itself) and
     * read back, {@code rounds[slot]} set when the graph uses {@code MatMulNBits} for them.
     */
    private static float[][] linears(WeightFormat format, boolean[] rounds, int slot, Tensor... parts) {
        float[][] out = new float[parts.length][];
        if (format == null) {
            for (int p = 0; p < parts.length; p++) {
                out[p] = parts[p].toFloats();
            }
            return out;
        }
        PackedWeight weight = WeightPacker.pack(List.of(parts), 1, format);
        rounds[slot] = weight instanceof PackedWeight.Blocks;
        float[] rows = weight.rows();
        int at = 0;
        for (int p = 0; p < parts.length; p++) {
            int size = Math.toIntExact(parts[p].elements());
            out[p] = Arrays.copyOfRange(rows, at, at + size);
            at += size;
        }
        return out;
    }

    /** A layer's required tensor, its size checked against the decoder's shape. */
    private static Tensor sized(Checkpoint checkpoint, int n, String what, long... dims) {
        Tensor tensor = checkpoint.require(layer(n, what));
        check(tensor, dims);
        return tensor;
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
        check(tensor, dims);
        return tensor.toFloats();
    }

    private static void check(Tensor tensor, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (tensor.elements() != n) {
            throw new IllegalArgumentException(tensor.name() + " has " + tensor.elements() + " elements; the"
                    + " decoder's shape wants " + n);
        }
    }
}
