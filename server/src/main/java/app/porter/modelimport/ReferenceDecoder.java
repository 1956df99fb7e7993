package app.porter.modelimport;

import java.util.ArrayList;
import java.util.List;

import app.porter.modelimport.DecoderShape.QkNorm;
import app.porter.modelimport.ReferenceWeights.Layer;

import static app.porter.modelimport.ReferenceMath.linear;
import static app.porter.modelimport.ReferenceMath.rmsNorm;

/**
 * Porter's own float32 forward pass over a {@link Checkpoint}: the yardstick an imported ONNX graph is verified
 * against. Plain Java, no ONNX Runtime, so a wrong graph cannot agree with itself. It follows Hugging Face's
 * {@code modeling_llama.py} and, where a family differs, that family's file (cited where the difference is made):
 * every {@link DecoderShape.Variant} field is honoured.
 *
 * <p>Not for serving: it is written to be obviously right and fast enough to check a 135M model's few prompts in
 * seconds (parallel over a linear layer's output rows), not to decode at speed.
 */
public final class ReferenceDecoder {

    private final DecoderShape shape;
    private final DecoderShape.Variant variant;
    private final ReferenceWeights weights;
    private final double[] inverseFrequencies;
    private final double attentionScale;

    /** The keys (after RoPE) and values of one sequence so far, per layer one {@code [kvHeads * headDim]} row a token. */
    public static final class Cache {
        private final List<List<float[]>> keys = new ArrayList<>();
        private final List<List<float[]>> values = new ArrayList<>();
        private int length;

        private Cache(int layers) {
            for (int l = 0; l < layers; l++) {
                keys.add(new ArrayList<>());
                values.add(new ArrayList<>());
            }
        }

        /** Tokens seen so far (the next token's position). */
        public int length() {
            return length;
        }
    }

    /** The checkpoint's own math, weights dequantized once (they stay in memory as float32 while this lives). */
    public ReferenceDecoder(Checkpoint checkpoint) {
        this(checkpoint, ReferenceWeights.of(checkpoint));
    }

    /**
     * The math a graph written from {@code checkpoint} in {@code format} should compute: with the weights as that
     * graph holds them, and the inputs of its {@code MatMulNBits} rounded as those round them
     * ({@link ReferenceWeights#asWritten}).
     */
    public ReferenceDecoder(Checkpoint checkpoint, WeightFormat format) {
        this(checkpoint, ReferenceWeights.asWritten(checkpoint, format));
    }

    private ReferenceDecoder(Checkpoint checkpoint, ReferenceWeights weights) {
        this.shape = checkpoint.shape();
        this.variant = shape.variant();
        this.weights = weights;
        this.inverseFrequencies = ReferenceMath.inverseFrequencies(shape.headDim(), shape.ropeTheta(),
                variant.ropeScaling().orElse(null));
        // NaN: Llama's 1/sqrt(head_dim). gemma2 (query_pre_attn_scalar^-0.5) and granite (attention_multiplier)
        // give their own.
        this.attentionScale = Double.isNaN(variant.attentionScale()) ? 1 / Math.sqrt(shape.headDim())
                : variant.attentionScale();
    }

    /** Whether some matmul rounds its input as a block matmul does: the graph this checks holds blocks. */
    boolean roundsInputs() {
        return weights.rounding().any();
    }

    public DecoderShape shape() {
        return shape;
    }

    public Cache newCache() {
        return new Cache(shape.layers());
    }

    /**
     * Feeds {@code tokens} after what {@code cache} holds and returns the logits of every one of them
     * ({@code [tokens][vocab]}); the cache grows by the tokens.
     */
    public float[][] forward(int[] tokens, Cache cache) {
        int start = cache.length;
        if (start + tokens.length > shape.maxPositions()) {
            throw new IllegalArgumentException("the model's window is " + shape.maxPositions() + " tokens");
        }
        float[][] x = new float[tokens.length][];
        for (int s = 0; s < tokens.length; s++) {
            if (tokens[s] < 0 || tokens[s] >= shape.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[s] + " is outside the vocabulary");
            }
            x[s] = new float[shape.hidden()];
            for (int i = 0; i < shape.hidden(); i++) {
                // gemma: * sqrt(hidden) (modeling_gemma.py normalizer); granite: * embedding_multiplier
                x[s][i] = (float) (weights.embed()[tokens[s] * shape.hidden() + i] * variant.embeddingScale());
            }
        }
        for (int l = 0; l < shape.layers(); l++) {
            block(l, x, start, cache);
        }
        cache.length += tokens.length;
        float[][] normed = rmsNorm(x, weights.finalNorm(), shape.rmsEps(), variant.normWeightOffset());
        float[][] logits = linear(input(weights.rounding().head()[0], normed), weights.lmHead(), null,
                shape.vocabSize());
        for (float[] row : logits) {
            for (int v = 0; v < row.length; v++) {
                // granite divides by logits_scaling (modeling_granite.py); gemma2 soft-caps (modeling_gemma2.py)
                row[v] = (float) ReferenceMath.softcap(row[v] / variant.logitScale(), variant.logitSoftcap());
            }
        }
        return logits;
    }

    /**
     * One decoder block, in place on the residual stream {@code x}. Llama: pre-norms. olmo2 (modeling_olmo2.py):
     * no input norm, the attention and MLP outputs are normalised before their residual add. gemma2
     * (modeling_gemma2.py): both, input and pre-feedforward norms before, post-attention and post-feedforward
     * norms after. granite scales each block output by residual_multiplier before the add.
     */
    private void block(int l, float[][] x, int start, Cache cache) {
        Layer layer = weights.layers().get(l);
        double eps = shape.rmsEps();
        double offset = variant.normWeightOffset();
        float[][] attended = attention(l, layer, layer.inputNorm() == null ? x
                : rmsNorm(x, layer.inputNorm(), eps, offset), start, cache);
        if (variant.postNorms()) {
            attended = rmsNorm(attended, layer.postAttentionNorm(), eps, offset);
        }
        addResidual(x, attended);
        float[][] mlpInput;
        if (!variant.postNorms()) {
            mlpInput = rmsNorm(x, layer.postAttentionNorm(), eps, offset);
        } else {
            mlpInput = layer.preFeedforwardNorm() == null ? x : rmsNorm(x, layer.preFeedforwardNorm(), eps, offset);
        }
        float[][] mlp = mlp(l, layer, mlpInput);
        if (variant.postNorms()) {
            mlp = rmsNorm(mlp, layer.postFeedforwardNorm(), eps, offset);
        }
        addResidual(x, mlp);
    }

    private void addResidual(float[][] x, float[][] out) {
        for (int s = 0; s < x.length; s++) {
            for (int i = 0; i < x[s].length; i++) {
                x[s][i] = (float) (x[s][i] + out[s][i] * variant.residualScale());
            }
        }
    }

    private float[][] attention(int l, Layer layer, float[][] h, int start, Cache cache) {
        int headDim = shape.headDim();
        int heads = shape.heads();
        int kvHeads = shape.kvHeads();
        float[][] in = input(weights.rounding().qkv()[l] && step(h), h);
        float[][] q = linear(in, layer.q(), layer.qBias(), heads * headDim);  // qwen2: q, k, v carry biases
        float[][] k = linear(in, layer.k(), layer.kBias(), kvHeads * headDim);
        float[][] v = linear(in, layer.v(), layer.vBias(), kvHeads * headDim);
        List<float[]> keys = cache.keys.get(l);
        List<float[]> values = cache.values.get(l);
        for (int s = 0; s < h.length; s++) {
            normaliseQueryKey(layer, q[s], k[s]);
            for (int head = 0; head < heads; head++) {
                ReferenceMath.rope(q[s], head * headDim, headDim, start + s, inverseFrequencies);
            }
            for (int head = 0; head < kvHeads; head++) {
                ReferenceMath.rope(k[s], head * headDim, headDim, start + s, inverseFrequencies);
            }
            keys.add(k[s]);
            values.add(v[s]);
        }
        int window = slides(l) ? variant.slidingWindow() : 0;
        int group = heads / kvHeads;
        float[][] out = new float[h.length][heads * headDim];
        double[] scores = new double[start + h.length];
        for (int s = 0; s < h.length; s++) {
            int position = start + s;
            // Causal; a sliding layer sees the last `window` tokens, itself included (masking_utils:
            // kv_idx > q_idx - sliding_window).
            int first = window > 0 ? Math.max(0, position - window + 1) : 0;
            for (int head = 0; head < heads; head++) {
                int kvHead = head / group; // repeat_kv: query head n reads key/value head n / group
                int qBase = head * headDim;
                int kBase = kvHead * headDim;
                for (int j = first; j <= position; j++) {
                    float[] key = keys.get(j);
                    double dot = 0;
                    for (int i = 0; i < headDim; i++) {
                        dot += (double) q[s][qBase + i] * key[kBase + i];
                    }
                    // gemma2 soft-caps the scaled scores before the mask and softmax
                    scores[j - first] = ReferenceMath.softcap(dot * attentionScale, variant.attentionSoftcap());
                }
                int n = position - first + 1;
                ReferenceMath.softmax(scores, n);
                for (int i = 0; i < headDim; i++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += scores[j] * values.get(first + j)[kBase + i];
                    }
                    out[s][qBase + i] = (float) sum;
                }
            }
        }
        return linear(input(weights.rounding().o()[l] && step(out), out), layer.o(), null, shape.hidden());
    }

    /**
     * qwen3 (modeling_qwen3.py) normalises each head of q and k over head_dim; olmo2 (modeling_olmo2.py) the whole
     * q and k projections. Both before RoPE.
     */
    private void normaliseQueryKey(Layer layer, float[] q, float[] k) {
        double eps = shape.rmsEps();
        double offset = variant.normWeightOffset();
        if (variant.qkNorm() == QkNorm.WHOLE) {
            rmsNorm(q, 0, q.length, layer.qNorm(), eps, offset);
            rmsNorm(k, 0, k.length, layer.kNorm(), eps, offset);
        } else if (variant.qkNorm() == QkNorm.PER_HEAD) {
            int headDim = shape.headDim();
            for (int head = 0; head < shape.heads(); head++) {
                rmsNorm(q, head * headDim, headDim, layer.qNorm(), eps, offset);
            }
            for (int head = 0; head < shape.kvHeads(); head++) {
                rmsNorm(k, head * headDim, headDim, layer.kNorm(), eps, offset);
            }
        }
    }

    /** Whether layer {@code l} uses the sliding window: gemma2's even layers (modeling_gemma2.py), else all. */
    private boolean slides(int l) {
        return variant.slidingWindow() > 0 && (!shape.architecture().equals("gemma2") || l % 2 == 0);
    }

    /** SwiGLU (SiLU) or gemma's GeGLU (tanh GELU): {@code down(act(gate(h)) * up(h))}. */
    private float[][] mlp(int l, Layer layer, float[][] h) {
        float[][] in = input(weights.rounding().gateUp()[l] && step(h), h);
        float[][] gate = linear(in, layer.gate(), null, shape.intermediate());
        float[][] up = linear(in, layer.up(), null, shape.intermediate());
        boolean gelu = variant.activation() == DecoderShape.Activation.GELU_TANH;
        for (int s = 0; s < h.length; s++) {
            for (int i = 0; i < gate[s].length; i++) {
                double g = gelu ? ReferenceMath.geluTanh(gate[s][i]) : ReferenceMath.silu(gate[s][i]);
                gate[s][i] = (float) (g * up[s][i]);
            }
        }
        return linear(input(weights.rounding().down()[l] && step(gate), gate), layer.down(), null, shape.hidden());
    }

    /** A matmul's input: as it is, or rounded to 8-bit blocks as {@code MatMulNBits} reads it. */
    private static float[][] input(boolean round, float[][] x) {
        return round ? ReferenceMath.roundToBlocks(x, PackedWeight.Blocks.BLOCK) : x;
    }

    /**
     * Whether a call over these rows runs the graph's step body, whose layers' MatMulNBits round their input; a
     * call of {@link FusedDecoderWriter#PREFILL_ROWS} rows or more runs the prefill body, whose layers read float
     * activations (its LM head rounds as a step's does). Here the rows are the call's tokens (one sequence).
     */
    private static boolean step(float[][] x) {
        return x.length < FusedDecoderWriter.PREFILL_ROWS;
    }
}
