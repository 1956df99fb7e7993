package app.porter.modelimport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import app.porter.inference.DecoderSignature;
import app.porter.modelimport.DecoderShape.Activation;
import app.porter.modelimport.DecoderShape.QkNorm;
import app.porter.modelimport.DecoderShape.Variant;
import app.porter.modelimport.PackedWeight.Blocks;
import app.porter.modelimport.PackedWeight.Dense;

/**
 * The decoder as ONNX Runtime's fused operators, one layer at a time: {@code SkipSimplifiedLayerNormalization}
 * adds the residual and normalizes in one op, one matmul computes q, k and v together (another gate and up), and
 * {@code GroupQueryAttention} rotates q and k at the engine's {@code position_ids} (a {@code RotaryEmbedding} per
 * q and k does it where q and k are normalized first), attends over the past and returns the grown cache. A layer
 * is about a dozen ops, against a few hundred shape ops in a generic export.
 *
 * <p>A graph with 4- or 8-bit blocks holds the layers twice over the same weights, behind an {@code If} on the
 * rows of the call: a prefill body for prompts (MatMulNBits on float activations) and a step body for decode
 * steps (activations rounded to 8-bit blocks, integer kernels); see {@link #build}.
 *
 * <p>The engine left-pads rows of a batch (their padding sits in the cache like real tokens, hidden by the
 * attention mask). GroupQueryAttention takes each row's cache as {@code seqlens_k + 1} valid entries from the
 * left, so every row is told the whole width ({@code total - 1}); the padding is kept out of the softmax by an
 * {@code attention_bias} of -1e9 where {@code attention_mask} is 0. Positions come from {@code position_ids},
 * never from GroupQueryAttention's own count, which would count the padding.
 */
final class FusedGraph {

    private static final float MASKED = -1e9f;
    /**
     * MatMulNBits' accuracy level for decode steps: activations quantized to int8 per block, so the int8
     * dot-product kernels run (x86 AVX2 / AVX-512 VNNI); measured fastest for one row at 4 and 8 bits.
     */
    static final int STEP_ACCURACY = 4;
    /** For prompts: float activations against weights dequantized once per call, the float kernel sharing them. */
    static final int PREFILL_ACCURACY = 0;

    private final Checkpoint checkpoint;
    private final DecoderShape shape;
    private final Variant variant;
    private final WeightFormat format;
    private final OnnxGraphBuilder g;

    // the body being written: its value names' prefix and its matmuls' accuracy level
    private String prefix;
    private int accuracyLevel;
    // the residual stream and a branch output not yet added to it (added by the next norm, fused)
    private String residual;
    private String pending;

    FusedGraph(Checkpoint checkpoint, WeightFormat format, OnnxGraphBuilder graph) {
        this.checkpoint = checkpoint;
        this.shape = checkpoint.shape();
        this.variant = shape.variant();
        this.format = format;
        this.g = graph;
    }

    /** Declares inputs and outputs and adds every node; {@code progress} counts layers. */
    void build(ImportProgress progress) throws IOException {
        int f32 = TensorProto.DataType.FLOAT_VALUE;
        int i64 = TensorProto.DataType.INT64_VALUE;
        g.input("input_ids", i64, "batch", "sequence");
        g.input("attention_mask", i64, "batch", "total");
        g.input("position_ids", i64, "batch", "sequence");
        for (int l = 0; l < shape.layers(); l++) {
            g.input("past_key_values." + l + ".key", f32, "batch", shape.kvHeads(), "past", shape.headDim());
            g.input("past_key_values." + l + ".value", f32, "batch", shape.kvHeads(), "past", shape.headDim());
        }
        List<ValueInfoProto> outputs = outputs("");
        outputs.forEach(g::output);

        // GroupQueryAttention writes a step's keys and values into the past in place when the engine binds one
        // buffer as both past and present: no copy of the whole cache per step (KvCache)
        g.metadata(DecoderSignature.KV_CACHE_METADATA, DecoderSignature.SHARED_BUFFER);
        Attention attention = attentionInputs();
        String embedded = embedding();
        if (!WeightPacker.packsBlocks(checkpoint, format)) {
            body(embedded, attention, "", STEP_ACCURACY, new LayerCount(progress, 1));
            return;
        }
        // Two copies of the body over the same weights, chosen per call by how many rows it multiplies:
        // MatMulNBits at accuracy level 4 is fastest for a few rows but does not share the weights' cost between
        // rows (MatMulNBitsBench: 8 rows cost 6.9x one row at 8 bits), while level 0 dequantizes the weights on
        // each call and then runs the float kernel, which does; a prompt pays the dequantization once for all its
        // rows. Decode steps (one row per stream) stay on level 4.
        String rows = g.node("ReduceProd", List.of(g.node("Shape", List.of("input_ids"), Map.of())),
                Map.of("keepdims", 0L));
        String prefill = g.node("GreaterOrEqual", List.of(rows,
                g.scalar("prefill_rows", (long) FusedDecoderWriter.PREFILL_ROWS)), Map.of());
        LayerCount count = new LayerCount(progress, 2);
        GraphProto prefillBody = g.branch("prefill", outputs("prefill."),
                () -> body(embedded, attention, "prefill.", PREFILL_ACCURACY, count));
        GraphProto stepBody = g.branch("step", outputs("step."),
                () -> body(embedded, attention, "step.", STEP_ACCURACY, count));
        g.addNode("If", "", List.of(prefill), outputs.stream().map(ValueInfoProto::getName).toList(),
                Map.of("then_branch", prefillBody, "else_branch", stepBody));
    }

    /**
     * The engine's outputs, {@code names} before each name (a branch's own): the last position's logits only (all
     * the engine samples from; at a 512-token prompt the LM head over every position would be a fifth of the
     * prompt's work, 576 x 49,152 per token at SmolLM2's size, and a 100 MB output to copy out) and each layer's
     * grown cache.
     */
    private List<ValueInfoProto> outputs(String names) {
        int f32 = TensorProto.DataType.FLOAT_VALUE;
        List<ValueInfoProto> outputs = new ArrayList<>();
        outputs.add(OnnxGraphBuilder.valueInfo(names + "logits", f32, "batch", 1, shape.vocabSize()));
        for (int l = 0; l < shape.layers(); l++) {
            for (String part : List.of("key", "value")) {
                outputs.add(OnnxGraphBuilder.valueInfo(names + "present." + l + "." + part, f32, "batch",
                        shape.kvHeads(), "total", shape.headDim()));
            }
        }
        return outputs;
    }

    /** Import progress over every copy of the body: one step a layer and one for the head, per copy. */
    private final class LayerCount {
        private final ImportProgress progress;
        private final int total;
        private int done;

        LayerCount(ImportProgress progress, int copies) {
            this.progress = progress;
            this.total = copies * (shape.layers() + 1);
        }

        void step() {
            progress.report(ImportProgress.Phase.WRITE, ++done, total);
        }
    }

    /**
     * The layers, the final norm and the LM head after {@code embedded}, the layers' matmuls at {@code accuracyLevel};
     * the values it names (and its outputs) start with {@code prefix}.
     */
    private void body(String embedded, Attention attention, String prefix, int accuracyLevel, LayerCount count)
            throws IOException {
        this.prefix = prefix;
        this.accuracyLevel = accuracyLevel;
        residual = embedded;
        pending = null;
        for (int l = 0; l < shape.layers(); l++) {
            layer(l, attention);
            count.step();
        }
        String normed = norm(Optional.of(checkpoint.require(TensorNames.FINAL_NORM)));
        String last = g.node("Slice", List.of(normed, g.longs("last_start", -1), g.longs("last_end", Long.MAX_VALUE),
                g.longs("sequence_axis", 1)), Map.of());
        lmHead(last);
        count.step();
    }

    /** What every layer's attention shares: sequence lengths, the padding bias, the rotary caches. */
    private record Attention(String seqlensK, String totalLength, String bias, String cos, String sin) {
    }

    private Attention attentionInputs() throws IOException {
        String maskShape = g.node("Shape", List.of("attention_mask"), Map.of());
        String total = g.node("Gather", List.of(maskShape, g.longs("dim_total", 1)), Map.of("axis", 0L));
        String batch = g.node("Gather", List.of(maskShape, g.longs("dim_batch", 0)), Map.of("axis", 0L));
        String sequence = g.node("Gather", List.of(g.node("Shape", List.of("input_ids"), Map.of()),
                g.longs("dim_sequence", 1)), Map.of("axis", 0L));
        String total32 = g.node("Cast", List.of(total), Map.of("to", TensorProto.DataType.INT32_VALUE));
        // every row counts the whole width as valid (see the class comment): seqlens_k = total - 1 for all rows
        String last = g.node("Sub", List.of(total32, g.scalar("one_i32", 1)), Map.of());
        String seqlensK = g.node("Expand", List.of(last, batch), Map.of());
        String totalLength = g.node("Squeeze", List.of(total32, g.longs("axis_0", 0)), Map.of());

        String visible = g.node("Cast", List.of("attention_mask"), Map.of("to", TensorProto.DataType.FLOAT_VALUE));
        String bias2d = g.node("Mul", List.of(g.node("Sub", List.of(g.scalar("one_f", 1f), visible), Map.of()),
                g.scalar("masked", MASKED)), Map.of());
        String bias4d = g.node("Unsqueeze", List.of(bias2d, g.longs("axes_1_2", 1, 2)), Map.of());
        String biasShape = g.node("Concat", List.of(batch, g.longs("dim_one", 1), sequence, total), Map.of("axis", 0L));
        String bias = g.node("Expand", List.of(bias4d, biasShape), Map.of());

        RotaryCaches caches = RotaryCaches.of(shape);
        String cos = g.floats("cos_cache", caches.cos(), caches.positions(), caches.half());
        String sin = g.floats("sin_cache", caches.sin(), caches.positions(), caches.half());
        return new Attention(seqlensK, totalLength, bias, cos, sin);
    }

    private String embedding() throws IOException {
        Tensor embed = checkpoint.require(TensorNames.EMBED);
        float[] table = embed.toFloats();
        if (variant.embeddingScale() != 1) {
            // gemma's sqrt(hidden), granite's multiplier: folded into the table the Gather reads (the tied LM head
            // is written from the unscaled tensor)
            float scale = (float) variant.embeddingScale();
            for (int i = 0; i < table.length; i++) {
                table[i] *= scale;
            }
        }
        String name = g.floats("embed_tokens", table, embed.shape()[0], embed.shape()[1]);
        return g.node("Gather", List.of(name, "input_ids"), Map.of("axis", 0L));
    }

    private void layer(int l, Attention attention) throws IOException {
        boolean gemma2Norms = checkpoint.find(TensorNames.layer(l, TensorNames.PRE_FEEDFORWARD_NORM)).isPresent();
        boolean olmo2Norms = variant.postNorms() && !gemma2Norms;

        String h = norm(olmo2Norms ? Optional.empty() : checkpoint.find(TensorNames.layer(l, TensorNames.INPUT_NORM)));
        String attended = attention(l, h, attention);
        if (variant.postNorms()) {
            attended = simplifiedNorm(attended, checkpoint.require(TensorNames.layer(l,
                    TensorNames.POST_ATTENTION_NORM)));
        }
        pending = attended;

        Optional<Tensor> preMlp = gemma2Norms ? checkpoint.find(TensorNames.layer(l, TensorNames.PRE_FEEDFORWARD_NORM))
                : olmo2Norms ? Optional.empty()
                : checkpoint.find(TensorNames.layer(l, TensorNames.POST_ATTENTION_NORM));
        String h2 = norm(preMlp);
        String mlp = mlp(l, h2);
        if (variant.postNorms()) {
            mlp = simplifiedNorm(mlp, checkpoint.require(TensorNames.layer(l, TensorNames.POST_FEEDFORWARD_NORM)));
        }
        pending = mlp;
    }

    private String attention(int l, String h, Attention a) throws IOException {
        int heads = shape.heads();
        int kv = shape.kvHeads();
        int d = shape.headDim();
        List<Tensor> qkv = List.of(layerTensor(l, TensorNames.Q), layerTensor(l, TensorNames.K),
                layerTensor(l, TensorNames.V));
        float[] bias = WeightPacker.bias(List.of(checkpoint.find(TensorNames.layer(l, TensorNames.Q_BIAS)),
                checkpoint.find(TensorNames.layer(l, TensorNames.K_BIAS)),
                checkpoint.find(TensorNames.layer(l, TensorNames.V_BIAS))));
        String projected = matmul("qkv" + l, h, WeightPacker.pack(qkv, 1, format), bias);
        List<String> qkvInputs;
        // ONNX Runtime rotates inside GroupQueryAttention only for head sizes that are multiples of 16
        boolean packed = variant.qkNorm() == QkNorm.NONE && d % 16 == 0;
        if (packed) {
            // q, k and v stay packed and GroupQueryAttention rotates q and k itself at the given positions: one
            // operator where a Split and two RotaryEmbeddings were (3 of 14 per layer). On a first prompt (empty
            // past) it reads only the first row's first position and counts on from it, which is right because
            // the engine prefills one row at a time (BatchScheduler); batches meet only in decode steps.
            qkvInputs = List.of(projected, "", "");
        } else {
            // qwen3 / olmo2 normalize q and k before the rotation (and small heads cannot rotate inside): split
            // and rotated here
            List<String> split = g.nodeOutputs("Split", "", List.of(projected,
                    g.longs("qkv_split" + l, (long) heads * d, (long) kv * d, (long) kv * d)), Map.of("axis", -1L),
                    3);
            String q = split.get(0);
            String k = split.get(1);
            if (variant.qkNorm() != QkNorm.NONE) {
                q = qkNorm(q, layerTensor(l, TensorNames.Q_NORM), heads);
                k = qkNorm(k, layerTensor(l, TensorNames.K_NORM), kv);
            }
            qkvInputs = List.of(rotary(q, heads, a), rotary(k, kv, a), split.get(2));
        }
        double scale = Double.isNaN(variant.attentionScale()) ? 1 / Math.sqrt(d) : variant.attentionScale();
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("num_heads", (long) heads);
        attributes.put("kv_num_heads", (long) kv);
        attributes.put("scale", (float) scale);
        if (variant.attentionSoftcap() > 0) {
            attributes.put("softcap", (float) variant.attentionSoftcap());
        }
        if (variant.slidingWindow() > 0 && slidingLayer(l)) {
            // ONNX Runtime 1.28 counts the window as Hugging Face does: W keys, the query's own included (tested)
            attributes.put("local_window_size", (long) variant.slidingWindow());
        }
        if (packed) {
            attributes.put("do_rotary", 1L);
            attributes.put("rotary_interleaved", 0L);
        }
        String output = prefix + "attention" + l;
        List<String> inputs = new ArrayList<>(qkvInputs);
        inputs.addAll(List.of("past_key_values." + l + ".key", "past_key_values." + l + ".value", a.seqlensK(),
                a.totalLength()));
        // the rotary caches and the real positions (left padding makes them differ from GQA's own count) only
        // when it rotates
        inputs.addAll(packed ? List.of(a.cos(), a.sin(), "position_ids") : List.of("", "", ""));
        inputs.add(a.bias());
        // outputs 1 and 2 are the grown cache, named as the engine expects
        g.addNode("GroupQueryAttention", OnnxGraphBuilder.MS, inputs,
                List.of(output, prefix + "present." + l + ".key", prefix + "present." + l + ".value"), attributes);
        Tensor o = layerTensor(l, TensorNames.O);
        return matmul("o" + l, output, WeightPacker.pack(List.of(o), variant.residualScale(), format), null);
    }

    /** gemma2 slides on even layers and attends globally on odd ones; mistral slides everywhere. */
    private boolean slidingLayer(int l) {
        return !"gemma2".equals(shape.architecture()) || l % 2 == 0;
    }

    private String mlp(int l, String h) throws IOException {
        int inter = shape.intermediate();
        List<Tensor> gateUp = List.of(layerTensor(l, TensorNames.GATE), layerTensor(l, TensorNames.UP));
        String both = matmul("gate_up" + l, h, WeightPacker.pack(gateUp, 1, format), null);
        List<String> split = g.nodeOutputs("Split", "", List.of(both, g.longs("gate_up_split" + l, inter, inter)),
                Map.of("axis", -1L), 2);
        String gate = split.get(0);
        String activated = variant.activation() == Activation.GELU_TANH
                ? g.contrib("FastGelu", List.of(gate), Map.of())
                : g.node("Mul", List.of(gate, g.node("Sigmoid", List.of(gate), Map.of())), Map.of());
        String product = g.node("Mul", List.of(activated, split.get(1)), Map.of());
        Tensor down = layerTensor(l, TensorNames.DOWN);
        return matmul("down" + l, product, WeightPacker.pack(List.of(down), variant.residualScale(), format), null);
    }

    private void lmHead(String normed) throws IOException {
        double factor = 1 / variant.logitScale();
        if (variant.logitSoftcap() > 0) {
            factor /= variant.logitSoftcap();
        }
        PackedWeight head = WeightPacker.pack(List.of(checkpoint.lmHead()), factor, format);
        // the head multiplies one row a sequence (the last position) in either body, a step's work: at level 0 a
        // prompt would dequantize its 49,152 x 576 weights (113 MB of floats at SmolLM2's size) for that one row
        if (variant.logitSoftcap() > 0) {
            // gemma2: cap * tanh(logits / cap), the division folded into the head's weights
            String uncapped = prefix + "mm_lm_head";
            matmulInto("lm_head", normed, head, null, uncapped, STEP_ACCURACY);
            String capped = g.node("Tanh", List.of(uncapped), Map.of());
            g.addNode("Mul", "", List.of(capped, g.scalar("logit_softcap", (float) variant.logitSoftcap())),
                    List.of(prefix + "logits"), Map.of());
        } else {
            matmulInto("lm_head", normed, head, null, prefix + "logits", STEP_ACCURACY);
        }
    }

    /**
     * The norm before a block: adds the pending branch to the residual and normalizes in one
     * SkipSimplifiedLayerNormalization; without a norm weight (olmo2's blocks read the raw residual) just adds.
     */
    private String norm(Optional<Tensor> weight) throws IOException {
        if (pending == null) {
            return weight.isPresent() ? simplifiedNorm(residual, weight.get()) : residual;
        }
        if (weight.isEmpty()) {
            residual = g.node("Add", List.of(residual, pending), Map.of());
            pending = null;
            return residual;
        }
        List<String> outs = g.nodeOutputs("SkipSimplifiedLayerNormalization", OnnxGraphBuilder.MS,
                List.of(residual, pending, normWeight(weight.get())), Map.of("epsilon", (float) shape.rmsEps()), 4);
        residual = outs.get(3);
        pending = null;
        return outs.get(0);
    }

    private String simplifiedNorm(String x, Tensor weight) throws IOException {
        return g.node("SimplifiedLayerNormalization", List.of(x, normWeight(weight)),
                Map.of("axis", -1L, "epsilon", (float) shape.rmsEps(), "stash_type", 1L));
    }

    /** qwen3 normalizes each head (reshape to heads first); olmo2 the whole projection. */
    private String qkNorm(String x, Tensor weight, int heads) throws IOException {
        if (variant.qkNorm() == QkNorm.WHOLE) {
            return simplifiedNorm(x, weight);
        }
        int d = shape.headDim();
        String perHead = g.node("Reshape", List.of(x, g.longs(unique("heads"), 0, 0, heads, d)), Map.of());
        String normed = simplifiedNorm(perHead, weight);
        return g.node("Reshape", List.of(normed, g.longs(unique("merge"), 0, 0, (long) heads * d)), Map.of());
    }

    private String rotary(String x, int heads, Attention a) {
        return g.contrib("RotaryEmbedding", List.of(x, "position_ids", a.cos(), a.sin()),
                Map.of("interleaved", 0L, "num_heads", (long) heads));
    }

    private String normWeight(Tensor weight) throws IOException {
        float[] w = weight.toFloats();
        if (variant.normWeightOffset() != 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] += (float) variant.normWeightOffset();
            }
        }
        return g.floats(unique(weight.name()), w, w.length);
    }

    private String matmul(String name, String x, PackedWeight w, float[] bias) throws IOException {
        String out = prefix + "mm_" + name;
        matmulInto(name, x, w, bias, out, accuracyLevel);
        return out;
    }

    private void matmulInto(String name, String x, PackedWeight w, float[] bias, String output, int level)
            throws IOException {
        switch (w) {
            case Dense dense -> {
                String weight = g.floats(name + ".weight", dense.values(), dense.in(), dense.out());
                if (bias == null) {
                    g.addNode("MatMul", "", List.of(x, weight), List.of(output), Map.of());
                } else {
                    String product = g.node("MatMul", List.of(x, weight), Map.of());
                    g.addNode("Add", "", List.of(product, g.floats(name + ".bias", bias, bias.length)),
                            List.of(output), Map.of());
                }
            }
            case Blocks blocks -> {
                int blobBytes = Blocks.BLOCK * blocks.bits() / 8;
                String weight = g.bytes(name + ".qweight", blocks.blob(), blocks.out(), blocks.blocksPerRow(),
                        blobBytes);
                String scales = g.floats(name + ".scales", blocks.scales(), blocks.scales().length);
                String zeros = blocks.zeroPoints().isPresent()
                        ? g.floats(name + ".zeros", blocks.zeroPoints().get(), blocks.zeroPoints().get().length)
                        : "";
                List<String> inputs = new ArrayList<>(List.of(x, weight, scales, zeros));
                if (bias != null) {
                    inputs.add("");
                    inputs.add(g.floats(name + ".bias", bias, bias.length));
                }
                g.addNode("MatMulNBits", OnnxGraphBuilder.MS, inputs, List.of(output), Map.of(
                        "K", (long) blocks.in(), "N", (long) blocks.out(), "bits", (long) blocks.bits(),
                        "block_size", (long) Blocks.BLOCK, "accuracy_level", (long) level));
            }
        }
    }

    private Tensor layerTensor(int l, String what) {
        return checkpoint.require(TensorNames.layer(l, what));
    }

    private int unique;

    private String unique(String base) {
        return base + "#" + (unique++);
    }
}
