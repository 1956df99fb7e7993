package app.porter.inference;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Builds a real Llama-architecture decoder as an ONNX file in the Hugging Face layout, with random weights: token
 * embedding, per layer RMSNorm, grouped-query attention with rotary position embedding and a KV cache, SwiGLU MLP,
 * final RMSNorm and a tied LM head. Inputs {@code input_ids}, {@code attention_mask}, {@code position_ids},
 * {@code past_key_values.N.key|value}; outputs {@code logits}, {@code present.N.key|value} — what optimum exports.
 * The attention mask is honoured (causal + padding), so left-padded batches work as they do on real exports.
 *
 * <p>Tests use it tiny; the benchmark builds one at SmolLM2-135M's dimensions (weights in external data).
 * A spec may also script the output: {@code next[t]} forces the token after {@code t} (a "parrot" whose replies
 * tests can predict), and {@code suppress} keeps tokens (such as eos) from ever being chosen.
 */
public final class TinyLlama {

    /**
     * @param next for each token, the token forced to follow it, or -1 (null: nothing forced)
     * @param suppress token ids never generated
     * @param kvFloat16 cache tensors in float16, as fp16 exports have
     * @param useCacheBranch add decoder_model_merged.onnx's use_cache_branch input
     * @param externalData weights in model.onnx_data (needed beyond protobuf's 2 GB, and what big exports do)
     */
    public record Spec(int vocab, int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate,
                       int maxPositions, long seed, boolean kvFloat16, boolean useCacheBranch, boolean externalData,
                       int[] next, int[] suppress) {

        public static Spec tiny(int vocab) {
            return new Spec(vocab, 32, 2, 4, 2, 8, 64, 256, 42, false, false, false, null, new int[0]);
        }

        /** SmolLM2-135M's dimensions (30 layers, 576 hidden, 9 heads / 3 KV heads of 64, 1536 MLP, 49152 vocab). */
        public static Spec smolLm2(long seed) {
            return new Spec(49152, 576, 30, 9, 3, 64, 1536, 8192, seed, false, false, true, null, new int[0]);
        }

        public Spec withKvFloat16() {
            return new Spec(vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions, seed, true,
                    useCacheBranch, externalData, next, suppress);
        }

        public Spec withUseCacheBranch() {
            return new Spec(vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions, seed,
                    kvFloat16, true, externalData, next, suppress);
        }

        public Spec withScript(int[] next, int... suppress) {
            return new Spec(vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions, seed,
                    kvFloat16, useCacheBranch, externalData, next, suppress);
        }

        public Spec withMaxPositions(int maxPositions) {
            return new Spec(vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions, seed,
                    kvFloat16, useCacheBranch, externalData, next, suppress);
        }

        public Spec withSize(int hidden, int layers, int intermediate) {
            return new Spec(vocab, hidden, layers, heads, kvHeads, headDim, intermediate, maxPositions, seed,
                    kvFloat16, useCacheBranch, externalData, next, suppress);
        }
    }

    private final Spec spec;
    private final SplittableRandom random;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny-llama");
    private final List<TensorProto.Builder> weights = new ArrayList<>();
    private final List<float[]> weightData = new ArrayList<>();
    private final Map<String, float[]> given;
    private final Map<String, float[]> built = new LinkedHashMap<>();
    private int counter;

    private TinyLlama(Spec spec, Map<String, float[]> given) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.given = given;
    }

    /**
     * Writes the model like {@link #write}, with {@code given} weights replacing the random ones of the same name
     * (the random stream is drawn all the same, so the other weights do not change), and returns every weight by
     * its initializer name ({@code embed}, {@code wq0}, {@code ln_in0}, ...; linear weights are {@code [in, out]}).
     * Tests build the same model elsewhere (a checkpoint, a perturbed copy) from what this returns.
     */
    public static Map<String, float[]> writeWeights(Spec spec, Path folder, Map<String, float[]> given)
            throws IOException {
        Files.createDirectories(folder);
        TinyLlama model = new TinyLlama(spec, given);
        model.build(folder);
        return model.built;
    }

    /** Writes model.onnx (+ model.onnx_data), config.json and generation_config.json into {@code folder}. */
    public static void write(Spec spec, Path folder, int bosId, int eosId) throws IOException {
        Files.createDirectories(folder);
        new TinyLlama(spec, Map.of()).build(folder);
        Files.writeString(folder.resolve("config.json"), Json.createObjectBuilder()
                .add("model_type", "llama")
                .add("architectures", Json.createArrayBuilder().add("LlamaForCausalLM"))
                .add("hidden_size", spec.hidden())
                .add("intermediate_size", spec.intermediate())
                .add("num_hidden_layers", spec.layers())
                .add("num_attention_heads", spec.heads())
                .add("num_key_value_heads", spec.kvHeads())
                .add("head_dim", spec.headDim())
                .add("vocab_size", spec.vocab())
                .add("max_position_embeddings", spec.maxPositions())
                .add("bos_token_id", bosId)
                .add("eos_token_id", eosId)
                .add("tie_word_embeddings", true)
                .build().toString());
        Files.writeString(folder.resolve("generation_config.json"), Json.createObjectBuilder()
                .add("bos_token_id", bosId).add("eos_token_id", Json.createArrayBuilder().add(eosId)).build().toString());
    }

    private void build(Path folder) throws IOException {
        int d = spec.headDim();
        int dimsQ = spec.heads() * d;
        int dimsKv = spec.kvHeads() * d;
        int kvType = spec.kvFloat16() ? TensorProto.DataType.FLOAT16_VALUE : TensorProto.DataType.FLOAT_VALUE;

        input("input_ids", TensorProto.DataType.INT64_VALUE, "batch", "seq");
        input("attention_mask", TensorProto.DataType.INT64_VALUE, "batch", "total");
        input("position_ids", TensorProto.DataType.INT64_VALUE, "batch", "seq");
        if (spec.useCacheBranch()) {
            input("use_cache_branch", TensorProto.DataType.BOOL_VALUE, "one");
        }
        for (int l = 0; l < spec.layers(); l++) {
            input("past_key_values." + l + ".key", kvType, "batch", spec.kvHeads(), "past", d);
            input("past_key_values." + l + ".value", kvType, "batch", spec.kvHeads(), "past", d);
        }
        output("logits", TensorProto.DataType.FLOAT_VALUE, "batch", "seq", spec.vocab());
        for (int l = 0; l < spec.layers(); l++) {
            output("present." + l + ".key", kvType, "batch", spec.kvHeads(), "total", d);
            output("present." + l + ".value", kvType, "batch", spec.kvHeads(), "total", d);
        }

        float scale = (float) (1 / Math.sqrt(spec.hidden()));
        // A small embedding: the layers' outputs then dominate the residual stream. With a tied head and a large
        // embedding, random weights would just predict the current token again, forever.
        String embed = weight("embed", gaussian(spec.vocab() * spec.hidden(), 0.1f), spec.vocab(), spec.hidden());
        String x = node("Gather", List.of(embed, "input_ids"), Map.of());

        // Rotary embedding: cos/sin of position * inv_freq, shaped [batch, 1, seq, head_dim].
        float[] invFreq = new float[d / 2];
        for (int i = 0; i < d / 2; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(10000, 2.0 * i / d));
        }
        String pos = node("Cast", List.of("position_ids"), Map.of("to", TensorProto.DataType.FLOAT_VALUE));
        String freqs = node("Mul", List.of(node("Unsqueeze", List.of(pos, ints("ax2", 2)), Map.of()),
                weight("inv_freq", invFreq, d / 2)), Map.of());
        String emb = node("Concat", List.of(freqs, freqs), Map.of("axis", -1L));
        String cos = node("Unsqueeze", List.of(node("Cos", List.of(emb), Map.of()), ints("ax1", 1)), Map.of());
        String sin = node("Unsqueeze", List.of(node("Sin", List.of(emb), Map.of()), ints("ax1b", 1)), Map.of());

        // Mask: key j is visible to query i iff j <= past + i (causal) and attention_mask[b, j] == 1.
        String seqLen = node("Squeeze", List.of(node("Shape", List.of("input_ids"), Map.of("start", 1L, "end", 2L))),
                Map.of());
        String total = node("Squeeze", List.of(node("Shape", List.of("attention_mask"), Map.of("start", 1L, "end", 2L))),
                Map.of());
        String past = node("Sub", List.of(total, seqLen), Map.of());
        String one = scalarLong("one", 1);
        String zero = scalarLong("zero", 0);
        String keyIdx = node("Unsqueeze", List.of(node("Range", List.of(zero, total, one), Map.of()), ints("ax0", 0)),
                Map.of());
        String queryIdx = node("Unsqueeze", List.of(node("Range", List.of(past, total, one), Map.of()), ints("ax1c", 1)),
                Map.of());
        String causal = node("LessOrEqual", List.of(keyIdx, queryIdx), Map.of());
        String padding = node("Unsqueeze", List.of(node("Cast", List.of("attention_mask"),
                Map.of("to", TensorProto.DataType.BOOL_VALUE)), ints("ax12", 1, 2)), Map.of());
        String allowed = node("And", List.of(causal, padding), Map.of());
        String mask = node("Where", List.of(allowed, weight("mask_zero", new float[]{0f}),
                weight("mask_neg", new float[]{-1e9f})), Map.of());

        for (int l = 0; l < spec.layers(); l++) {
            String h = rmsNorm(x, "ln_in" + l);
            String q = heads(node("MatMul", List.of(h, weight("wq" + l, gaussian(spec.hidden() * dimsQ, scale),
                    spec.hidden(), dimsQ)), Map.of()), spec.heads());
            String k = heads(node("MatMul", List.of(h, weight("wk" + l, gaussian(spec.hidden() * dimsKv, scale),
                    spec.hidden(), dimsKv)), Map.of()), spec.kvHeads());
            String v = heads(node("MatMul", List.of(h, weight("wv" + l, gaussian(spec.hidden() * dimsKv, scale),
                    spec.hidden(), dimsKv)), Map.of()), spec.kvHeads());
            q = rotary(q, cos, sin);
            k = rotary(k, cos, sin);
            String presentK = cache(k, "past_key_values." + l + ".key", "present." + l + ".key");
            String presentV = cache(v, "past_key_values." + l + ".value", "present." + l + ".value");
            String keys = repeatKv(presentK);
            String values = repeatKv(presentV);
            String scores = node("Mul", List.of(node("MatMul", List.of(q, node("Transpose", List.of(keys),
                    Map.of("perm", new long[]{0, 1, 3, 2}))), Map.of()), weight("att_scale" + l,
                    new float[]{(float) (1 / Math.sqrt(d))})), Map.of());
            String probs = node("Softmax", List.of(node("Add", List.of(scores, mask), Map.of())), Map.of("axis", -1L));
            String attended = node("MatMul", List.of(probs, values), Map.of());
            String merged = node("Reshape", List.of(node("Transpose", List.of(attended),
                    Map.of("perm", new long[]{0, 2, 1, 3})), ints("merge" + l, 0, 0, dimsQ)), Map.of());
            String out = node("MatMul", List.of(merged, weight("wo" + l, gaussian(dimsQ * spec.hidden(), scale),
                    dimsQ, spec.hidden())), Map.of());
            x = node("Add", List.of(x, out), Map.of());

            String h2 = rmsNorm(x, "ln_post" + l);
            String gate = node("MatMul", List.of(h2, weight("wg" + l, gaussian(spec.hidden() * spec.intermediate(),
                    scale), spec.hidden(), spec.intermediate())), Map.of());
            String up = node("MatMul", List.of(h2, weight("wu" + l, gaussian(spec.hidden() * spec.intermediate(),
                    scale), spec.hidden(), spec.intermediate())), Map.of());
            String silu = node("Mul", List.of(gate, node("Sigmoid", List.of(gate), Map.of())), Map.of());
            String down = node("MatMul", List.of(node("Mul", List.of(silu, up), Map.of()), weight("wd" + l,
                    gaussian(spec.intermediate() * spec.hidden(), (float) (1 / Math.sqrt(spec.intermediate()))),
                    spec.intermediate(), spec.hidden())), Map.of());
            x = node("Add", List.of(x, down), Map.of());
        }
        String normed = rmsNorm(x, "ln_final");
        // Tied LM head: logits = x · embedᵀ, as a Gemm on [batch*seq, hidden] so the embedding is stored once.
        String flat = node("Reshape", List.of(normed, ints("flat", -1, spec.hidden())), Map.of());
        String logits2d = node("Gemm", List.of(flat, embed), Map.of("transB", 1L));
        String logitsShape = node("Concat", List.of(node("Shape", List.of("input_ids"), Map.of()),
                ints("vocab", spec.vocab())), Map.of("axis", 0L));
        String logits = node("Reshape", List.of(logits2d, logitsShape), Map.of());
        if (spec.next() != null || spec.suppress().length > 0) {
            float[] table = new float[spec.vocab() * spec.vocab()];
            for (int t = 0; t < spec.vocab(); t++) {
                if (spec.next() != null && spec.next()[t] >= 0) {
                    table[t * spec.vocab() + spec.next()[t]] = 1000f;
                }
                for (int s : spec.suppress()) {
                    if (spec.next() == null || spec.next()[t] != s) {
                        table[t * spec.vocab() + s] = -1000f;
                    }
                }
            }
            String bias = node("Gather", List.of(weight("script", table, spec.vocab(), spec.vocab()), "input_ids"),
                    Map.of());
            logits = node("Add", List.of(logits, bias), Map.of());
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(logits).addOutput("logits"));

        writeModel(folder);
    }

    private String rmsNorm(String x, String name) {
        float[] ones = new float[spec.hidden()];
        Arrays.fill(ones, 1f);
        String meanSquare = node("ReduceMean", List.of(node("Mul", List.of(x, x), Map.of())),
                Map.of("axes", new long[]{-1}, "keepdims", 1L));
        String rms = node("Sqrt", List.of(node("Add", List.of(meanSquare, weight(name + "_eps", new float[]{1e-5f})),
                Map.of())), Map.of());
        return node("Mul", List.of(node("Div", List.of(x, rms), Map.of()), weight(name, ones, spec.hidden())), Map.of());
    }

    /** [batch, seq, n*d] → [batch, n, seq, d] */
    private String heads(String x, int n) {
        String split = node("Reshape", List.of(x, ints("split" + (counter++), 0, 0, n, spec.headDim())), Map.of());
        return node("Transpose", List.of(split), Map.of("perm", new long[]{0, 2, 1, 3}));
    }

    /** HF rotate_half layout: x * cos + concat(-x2, x1) * sin. */
    private String rotary(String x, String cos, String sin) {
        int half = spec.headDim() / 2;
        String x1 = node("Slice", List.of(x, ints("s0" + counter, 0), ints("s1" + counter, half),
                ints("s3" + counter, 3)), Map.of());
        String x2 = node("Slice", List.of(x, ints("t0" + counter, half), ints("t1" + counter, spec.headDim()),
                ints("t3" + counter, 3)), Map.of());
        counter++;
        String rotated = node("Concat", List.of(node("Neg", List.of(x2), Map.of()), x1), Map.of("axis", -1L));
        return node("Add", List.of(node("Mul", List.of(x, cos), Map.of()), node("Mul", List.of(rotated, sin), Map.of())),
                Map.of());
    }

    /** Appends the new keys (or values) to the past and returns the float32 view of the whole cache. */
    private String cache(String fresh, String pastName, String presentName) {
        if (spec.kvFloat16()) {
            String half = node("Cast", List.of(fresh), Map.of("to", TensorProto.DataType.FLOAT16_VALUE));
            graph.addNode(NodeProto.newBuilder().setOpType("Concat").addInput(pastName).addInput(half)
                    .addOutput(presentName).addAttribute(attribute("axis", 2L)));
            return node("Cast", List.of(presentName), Map.of("to", TensorProto.DataType.FLOAT_VALUE));
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Concat").addInput(pastName).addInput(fresh)
                .addOutput(presentName).addAttribute(attribute("axis", 2L)));
        return presentName;
    }

    /** Grouped-query attention: [batch, kvHeads, t, d] → [batch, heads, t, d], each KV head serving a group. */
    private String repeatKv(String kv) {
        int groups = spec.heads() / spec.kvHeads();
        if (groups == 1) {
            return kv;
        }
        String expanded = node("Expand", List.of(node("Unsqueeze", List.of(kv, ints("rk" + counter, 2)), Map.of()),
                ints("re" + counter, 1, 1, groups, 1, 1)), Map.of());
        String out = node("Reshape", List.of(expanded, ints("rr" + counter, 0, spec.heads(), -1, spec.headDim())),
                Map.of());
        counter++;
        return out;
    }

    private float[] gaussian(int n, float std) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            w[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2) * std);
        }
        return w;
    }

    private String node(String op, List<String> inputs, Map<String, Object> attributes) {
        String out = op.toLowerCase() + "_" + (counter++);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(out);
        attributes.forEach((name, value) -> node.addAttribute(attribute(name, value)));
        graph.addNode(node);
        return out;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof Integer i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof long[] list) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long v : list) {
                a.addInts(v);
            }
        } else {
            throw new IllegalArgumentException(name);
        }
        return a.build();
    }

    private String weight(String name, float[] data, long... dims) {
        if (given.containsKey(name)) {
            data = given.get(name).clone();
            if (data.length != elements(dims)) {
                throw new IllegalArgumentException(name + " needs " + elements(dims) + " values");
            }
        }
        built.put(name, data.clone());
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            t.addDims(dim);
        }
        weights.add(t);
        weightData.add(data);
        return name;
    }

    private static long elements(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    private String ints(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    private String scalarLong(String name, long value) {
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    private void input(String name, int type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    private void output(String name, int type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static ValueInfoProto valueInfo(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof Integer n) {
                shape.addDimBuilder().setDimValue(n);
            } else {
                shape.addDimBuilder().setDimParam((String) dim);
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    private void writeModel(Path folder) throws IOException {
        Path data = folder.resolve("model.onnx_data");
        if (spec.externalData()) {
            try (FileChannel out = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long offset = 0;
                for (int i = 0; i < weights.size(); i++) {
                    float[] values = weightData.get(i);
                    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    raw.asFloatBuffer().put(values);
                    while (raw.hasRemaining()) {
                        out.write(raw);
                    }
                    weights.get(i).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(entry("location", "model.onnx_data"))
                            .addExternalData(entry("offset", Long.toString(offset)))
                            .addExternalData(entry("length", Long.toString(values.length * 4L)));
                    offset += values.length * 4L;
                    weightData.set(i, null); // let the heap go: SmolLM2-size weights are half a gigabyte
                }
            }
        } else {
            for (int i = 0; i < weights.size(); i++) {
                float[] values = weightData.get(i);
                ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                raw.asFloatBuffer().put(values);
                weights.get(i).setRawData(ByteString.copyFrom(raw.array()));
            }
        }
        weights.forEach(graph::addInitializer);
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("porter-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
        try (OutputStream out = Files.newOutputStream(folder.resolve("model.onnx"))) {
            model.writeTo(out);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    // ---- a character-level tokenizer.json with byte fallback, in the layout Llama / sentencepiece models use ----

    /** Characters with their own token, after the three specials and the 256 byte tokens. */
    public static final String CHARACTERS = "▁abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"()[]-/\n";
    public static final int BYTE_BASE = 3;

    /** Vocabulary: {@code <unk>}=0, {@code <s>}=1, {@code </s>}=2, {@code <0x00>..<0xFF>}, the characters, then {@code words}. */
    /**
     * Prompt ids for benchmarks and tests: the BOS id 1, then ids drawn with {@code seed} from 3 (past the special
     * tokens) up to {@code below}.
     */
    public static int[] randomIds(int length, int below, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[length];
        ids[0] = 1;
        for (int i = 1; i < length; i++) {
            ids[i] = 3 + random.nextInt(below - 3);
        }
        return ids;
    }

    public static List<String> vocabulary(List<String> words) {
        List<String> vocab = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            vocab.add(String.format("<0x%02X>", b));
        }
        CHARACTERS.codePoints().forEach(c -> vocab.add(new String(Character.toChars(c))));
        vocab.addAll(words);
        return vocab;
    }

    /** A BPE tokenizer.json over {@code vocab} (no merges: text splits into characters, the rest into bytes). */
    public static void writeTokenizer(Path folder, List<String> vocab) throws IOException {
        JsonObjectBuilder vocabJson = Json.createObjectBuilder();
        for (int i = 0; i < vocab.size(); i++) {
            vocabJson.add(vocab.get(i), i);
        }
        JsonArrayBuilder added = Json.createArrayBuilder();
        for (int i = 0; i < 3; i++) {
            added.add(Json.createObjectBuilder().add("id", i).add("content", vocab.get(i)).add("single_word", false)
                    .add("lstrip", false).add("rstrip", false).add("normalized", false).add("special", true));
        }
        String json = Json.createObjectBuilder()
                .add("version", "1.0")
                .addNull("truncation").addNull("padding")
                .add("added_tokens", added)
                .add("normalizer", Json.createObjectBuilder().add("type", "Sequence").add("normalizers",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("type", "Prepend").add("prepend", "▁"))
                                .add(Json.createObjectBuilder().add("type", "Replace")
                                        .add("pattern", Json.createObjectBuilder().add("String", " "))
                                        .add("content", "▁"))))
                .addNull("pre_tokenizer")
                .add("post_processor", Json.createObjectBuilder().add("type", "TemplateProcessing")
                        .add("single", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("SpecialToken", Json.createObjectBuilder()
                                        .add("id", "<s>").add("type_id", 0)))
                                .add(Json.createObjectBuilder().add("Sequence", Json.createObjectBuilder()
                                        .add("id", "A").add("type_id", 0))))
                        .add("pair", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("Sequence", Json.createObjectBuilder()
                                        .add("id", "A").add("type_id", 0)))
                                .add(Json.createObjectBuilder().add("Sequence", Json.createObjectBuilder()
                                        .add("id", "B").add("type_id", 1))))
                        .add("special_tokens", Json.createObjectBuilder().add("<s>", Json.createObjectBuilder()
                                .add("id", "<s>").add("ids", Json.createArrayBuilder().add(1))
                                .add("tokens", Json.createArrayBuilder().add("<s>")))))
                .add("decoder", Json.createObjectBuilder().add("type", "Sequence").add("decoders",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("type", "Replace")
                                        .add("pattern", Json.createObjectBuilder().add("String", "▁"))
                                        .add("content", " "))
                                .add(Json.createObjectBuilder().add("type", "ByteFallback"))
                                .add(Json.createObjectBuilder().add("type", "Fuse"))
                                .add(Json.createObjectBuilder().add("type", "Strip").add("content", " ")
                                        .add("start", 1).add("stop", 0))))
                .add("model", Json.createObjectBuilder().add("type", "BPE").addNull("dropout")
                        .add("unk_token", "<unk>").addNull("continuing_subword_prefix")
                        .addNull("end_of_word_suffix").add("fuse_unk", true).add("byte_fallback", true)
                        .add("ignore_merges", false)
                        .add("vocab", vocabJson).add("merges", Json.createArrayBuilder()))
                .build().toString();
        Files.writeString(folder.resolve("tokenizer.json"), json, StandardCharsets.UTF_8);
    }

    /** A complete tiny model folder: weights, config, generation config and the character tokenizer. */
    public static Path folder(Path folder, Spec spec, List<String> vocab) throws IOException {
        if (spec.vocab() != vocab.size()) {
            throw new IllegalArgumentException("spec vocab " + spec.vocab() + " != tokenizer vocab " + vocab.size());
        }
        write(spec, folder, 1, 2);
        writeTokenizer(folder, vocab);
        return folder;
    }

    static Map<String, Integer> index(List<String> vocab) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            index.put(vocab.get(i), i);
        }
        return index;
    }
}
