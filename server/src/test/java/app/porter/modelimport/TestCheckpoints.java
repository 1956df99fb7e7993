package app.porter.modelimport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Checkpoints built in memory for tests: read back from a generic TinyLlama export (so both graphs hold the same
 * weights), or random for any {@link DecoderShape}; weights can be stored as ggml q4_0 / q8_0 / q4_K blocks.
 */
public final class TestCheckpoints {

    private TestCheckpoints() {
    }

    /** The shape TinyLlama exports: plain Llama, tied embeddings, eps 1e-5, theta 10000. */
    public static DecoderShape tinyLlamaShape(int vocab, int hidden, int layers, int heads, int kvHeads, int headDim,
                                              int intermediate, int maxPositions) {
        return new DecoderShape("llama", vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions,
                10000, 1e-5, true, DecoderShape.Variant.llama(), 1, new int[]{2});
    }

    /**
     * The weights of a TinyLlama {@code model.onnx} (inline initializers) under Hugging Face names: TinyLlama's
     * matmul weights are {@code [in, out]}, a checkpoint's {@code [out, in]}.
     */
    public static Checkpoint fromTinyLlama(Path modelFolder, DecoderShape shape) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(modelFolder.resolve("model.onnx"))) {
            model = ModelProto.parseFrom(in);
        }
        Map<String, float[]> init = new HashMap<>();
        Map<String, List<Long>> dims = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.hasRawData()) {
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                float[] values = new float[raw.remaining() / 4];
                raw.asFloatBuffer().get(values);
                init.put(t.getName(), values);
                dims.put(t.getName(), t.getDimsList());
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        put(tensors, TensorNames.EMBED, init.get("embed"), shape.vocabSize(), shape.hidden());
        put(tensors, TensorNames.FINAL_NORM, init.get("ln_final"), shape.hidden());
        for (int l = 0; l < shape.layers(); l++) {
            put(tensors, TensorNames.layer(l, TensorNames.INPUT_NORM), init.get("ln_in" + l), shape.hidden());
            put(tensors, TensorNames.layer(l, TensorNames.POST_ATTENTION_NORM), init.get("ln_post" + l),
                    shape.hidden());
            linear(tensors, TensorNames.layer(l, TensorNames.Q), init, dims, "wq" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.K), init, dims, "wk" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.V), init, dims, "wv" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.O), init, dims, "wo" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.GATE), init, dims, "wg" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.UP), init, dims, "wu" + l);
            linear(tensors, TensorNames.layer(l, TensorNames.DOWN), init, dims, "wd" + l);
        }
        return new Checkpoint(shape, tensors, tokenizer(modelFolder), "tiny-llama (test)");
    }

    /** The folder's tokenizer.json with an empty tokenizer_config.json and its generation_config.json. */
    public static TokenizerFiles tokenizer(Path modelFolder) throws IOException {
        Path generation = modelFolder.resolve("generation_config.json");
        return new TokenizerFiles(Files.readString(modelFolder.resolve("tokenizer.json")), "{}",
                Files.isRegularFile(generation) ? Optional.of(Files.readString(generation)) : Optional.empty());
    }

    private static void linear(Map<String, Tensor> tensors, String name, Map<String, float[]> init,
                               Map<String, List<Long>> dims, String source) {
        float[] w = init.get(source);
        int in = Math.toIntExact(dims.get(source).get(0));
        int out = Math.toIntExact(dims.get(source).get(1));
        float[] transposed = new float[w.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                transposed[o * in + i] = w[i * out + o];
            }
        }
        put(tensors, name, transposed, out, in);
    }

    /** Random weights for every tensor {@code shape} needs (std 1/sqrt(in), norms near 1, small embedding). */
    public static Checkpoint random(DecoderShape shape, long seed, TokenizerFiles tokenizer) {
        SplittableRandom random = new SplittableRandom(seed);
        DecoderShape.Variant v = shape.variant();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int h = shape.hidden();
        int q = shape.heads() * shape.headDim();
        int kv = shape.kvHeads() * shape.headDim();
        int inter = shape.intermediate();
        put(tensors, TensorNames.EMBED, gaussian(random, shape.vocabSize() * h, 0.1f), shape.vocabSize(), h);
        if (!shape.tiedEmbeddings()) {
            put(tensors, TensorNames.LM_HEAD, gaussian(random, shape.vocabSize() * h, 1 / (float) Math.sqrt(h)),
                    shape.vocabSize(), h);
        }
        put(tensors, TensorNames.FINAL_NORM, norm(random, h, v), h);
        boolean gemma2 = shape.architecture().equals("gemma2");
        boolean olmo2 = v.postNorms() && !gemma2;
        for (int l = 0; l < shape.layers(); l++) {
            if (!olmo2) {
                put(tensors, TensorNames.layer(l, TensorNames.INPUT_NORM), norm(random, h, v), h);
            }
            put(tensors, TensorNames.layer(l, TensorNames.POST_ATTENTION_NORM), norm(random, h, v), h);
            if (gemma2) {
                put(tensors, TensorNames.layer(l, TensorNames.PRE_FEEDFORWARD_NORM), norm(random, h, v), h);
            }
            if (v.postNorms()) {
                put(tensors, TensorNames.layer(l, TensorNames.POST_FEEDFORWARD_NORM), norm(random, h, v), h);
            }
            put(tensors, TensorNames.layer(l, TensorNames.Q), gaussian(random, q * h, 1 / (float) Math.sqrt(h)), q, h);
            put(tensors, TensorNames.layer(l, TensorNames.K), gaussian(random, kv * h, 1 / (float) Math.sqrt(h)), kv, h);
            put(tensors, TensorNames.layer(l, TensorNames.V), gaussian(random, kv * h, 1 / (float) Math.sqrt(h)), kv, h);
            put(tensors, TensorNames.layer(l, TensorNames.O), gaussian(random, h * q, 1 / (float) Math.sqrt(q)), h, q);
            if (v.attentionBias()) {
                put(tensors, TensorNames.layer(l, TensorNames.Q_BIAS), gaussian(random, q, 0.1f), q);
                put(tensors, TensorNames.layer(l, TensorNames.K_BIAS), gaussian(random, kv, 0.1f), kv);
                put(tensors, TensorNames.layer(l, TensorNames.V_BIAS), gaussian(random, kv, 0.1f), kv);
            }
            switch (v.qkNorm()) {
                case PER_HEAD -> {
                    put(tensors, TensorNames.layer(l, TensorNames.Q_NORM), norm(random, shape.headDim(), v),
                            shape.headDim());
                    put(tensors, TensorNames.layer(l, TensorNames.K_NORM), norm(random, shape.headDim(), v),
                            shape.headDim());
                }
                case WHOLE -> {
                    put(tensors, TensorNames.layer(l, TensorNames.Q_NORM), norm(random, q, v), q);
                    put(tensors, TensorNames.layer(l, TensorNames.K_NORM), norm(random, kv, v), kv);
                }
                case NONE -> { }
            }
            put(tensors, TensorNames.layer(l, TensorNames.GATE), gaussian(random, inter * h, 1 / (float) Math.sqrt(h)),
                    inter, h);
            put(tensors, TensorNames.layer(l, TensorNames.UP), gaussian(random, inter * h, 1 / (float) Math.sqrt(h)),
                    inter, h);
            put(tensors, TensorNames.layer(l, TensorNames.DOWN), gaussian(random, h * inter,
                    1 / (float) Math.sqrt(inter)), h, inter);
        }
        return new Checkpoint(shape, tensors, tokenizer, "random (test)");
    }

    /** The same checkpoint with every 2-D linear weight (not the embedding, not the head) stored as {@code type}. */
    public static Checkpoint withLinearWeightsAs(Checkpoint checkpoint, TensorType type) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor t : checkpoint.tensors().values()) {
            boolean linear = t.name().startsWith("model.layers.") && t.shape().length == 2;
            tensors.put(t.name(), linear ? GgmlQuantizer.quantize(t, type) : t);
        }
        return new Checkpoint(checkpoint.shape(), tensors, checkpoint.tokenizer(), checkpoint.source());
    }

    /** A checkpoint whose quantized weights are replaced by their exact float values (the reference). */
    public static Checkpoint dequantized(Checkpoint checkpoint) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor t : checkpoint.tensors().values()) {
            tensors.put(t.name(), t.type().quantized()
                    ? f32(t.name(), GgmlQuantizer.dequantize(t), t.shape()) : t);
        }
        return new Checkpoint(checkpoint.shape(), tensors, checkpoint.tokenizer(), checkpoint.source());
    }

    static float[] norm(SplittableRandom random, int n, DecoderShape.Variant v) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            // stored as the checkpoint stores it: gemma keeps w - 1
            w[i] = (float) (1 + 0.1 * (random.nextDouble() - 0.5) - v.normWeightOffset());
        }
        return w;
    }

    static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            w[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2) * std);
        }
        return w;
    }

    static void put(Map<String, Tensor> tensors, String name, float[] values, long... shape) {
        tensors.put(name, f32(name, values, shape));
    }

    public static Tensor f32(String name, float[] values, long... shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return new Tensor(name, shape, TensorType.F32, raw);
    }
}
