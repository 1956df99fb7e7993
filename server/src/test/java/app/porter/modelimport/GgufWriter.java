package app.porter.modelimport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Writes GGUF files as llama.cpp's {@code convert_hf_to_gguf.py} and {@code llama-quantize} would: metadata from the
 * shape and tokenizer, tensors under GGUF names with dimensions reversed, Q/K rows permuted for llama and granite,
 * phi3's projections fused, gemma's norms stored +1, and 2-D weights encoded as the asked type (rows that do not
 * fill whole blocks stay f32, as llama.cpp falls back too).
 */
public final class GgufWriter {

    /** One tensor as stored: {@code shape} in PyTorch order, {@code data} already encoded as {@code ggmlType}. */
    public record Entry(String name, long[] shape, int ggmlType, byte[] data) {
    }

    private GgufWriter() {
    }

    public static void write(Checkpoint checkpoint, TensorType type, Path file) throws IOException {
        write(checkpoint, type, file, Map.of());
    }

    /** @param extra metadata added to (or replacing) what the checkpoint gives, e.g. {@code tokenizer.ggml.pre} */
    public static void write(Checkpoint checkpoint, TensorType type, Path file, Map<String, Object> extra)
            throws IOException {
        DecoderShape shape = checkpoint.shape();
        String arch = ggufArchitecture(shape);
        Map<String, Object> m = new LinkedHashMap<>(metadata(shape, arch));
        m.putAll(GgufVocab.metadata(checkpoint.tokenizer().tokenizerJson(), shape, "default"));
        try (JsonReader reader = Json.createReader(new StringReader(checkpoint.tokenizer().tokenizerConfigJson()))) {
            JsonObject config = reader.readObject();
            if (config.containsKey("chat_template")) {
                m.put("tokenizer.chat_template", config.getString("chat_template"));
            }
        }
        m.putAll(extra);
        writeFile(file, m, entries(checkpoint, arch, type));
    }

    /** The type a weight of this shape is stored as when {@code type} is asked for. */
    public static TensorType storedType(long[] shape, TensorType type) {
        return shape.length == 2 && shape[1] % type.blockElements() == 0 ? type : TensorType.F32;
    }

    static String ggufArchitecture(DecoderShape shape) {
        return shape.architecture().equals("mistral") ? "llama" : shape.architecture();
    }

    private static Map<String, Object> metadata(DecoderShape s, String arch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("general.architecture", arch);
        m.put("general.name", "tiny " + arch);
        m.put(arch + ".context_length", s.maxPositions());
        m.put(arch + ".embedding_length", s.hidden());
        m.put(arch + ".block_count", s.layers());
        m.put(arch + ".feed_forward_length", s.intermediate());
        m.put(arch + ".attention.head_count", s.heads());
        m.put(arch + ".attention.head_count_kv", s.kvHeads());
        m.put(arch + ".attention.key_length", s.headDim());
        m.put(arch + ".attention.value_length", s.headDim());
        m.put(arch + ".rope.dimension_count", s.headDim());
        m.put(arch + ".rope.freq_base", (float) s.ropeTheta());
        m.put(arch + ".attention.layer_norm_rms_epsilon", (float) s.rmsEps());
        m.put(arch + ".vocab_size", s.vocabSize());
        DecoderShape.Variant v = s.variant();
        if (v.slidingWindow() > 0) {
            m.put(arch + ".attention.sliding_window", v.slidingWindow());
        }
        if (arch.equals("gemma2")) {
            m.put("gemma2.final_logit_softcapping", (float) v.logitSoftcap());
            m.put("gemma2.attn_logit_softcapping", (float) v.attentionSoftcap());
        }
        if (arch.equals("granite")) {
            m.put("granite.embedding_scale", (float) v.embeddingScale());
            m.put("granite.residual_scale", (float) v.residualScale());
            m.put("granite.attention.scale", (float) v.attentionScale());
            m.put("granite.logit_scale", (float) v.logitScale());
        }
        return m;
    }

    private static List<Entry> entries(Checkpoint c, String arch, TensorType type) {
        DecoderShape s = c.shape();
        List<Entry> out = new ArrayList<>();
        out.add(entry("token_embd.weight", c.require(TensorNames.EMBED), type, s));
        out.add(entry("output_norm.weight", c.require(TensorNames.FINAL_NORM), type, s));
        c.find(TensorNames.LM_HEAD).filter(t -> !s.tiedEmbeddings())
                .ifPresent(t -> out.add(entry("output.weight", t, type, s)));
        s.variant().ropeScaling().ifPresent(r -> {
            double[] factors = GgufShape.llama3Factors(r, s.ropeTheta(), s.headDim());
            float[] f = new float[factors.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) factors[i];
            }
            out.add(new Entry("rope_freqs.weight", new long[] {f.length}, GgmlTypes.F32,
                    Quantizer.quantize(TensorType.F32, f).bytes()));
        });
        boolean permute = arch.equals("llama") || arch.equals("granite");
        for (int l = 0; l < s.layers(); l++) {
            String blk = "blk." + l + ".";
            for (Tensor t : layer(c, l)) {
                String what = t.name().substring(TensorNames.layer(l, "").length());
                String name = blk + ggufName(what, arch);
                float[] x = t.toFloats();
                if (permute && (what.startsWith("self_attn.q_proj") || what.startsWith("self_attn.k_proj"))) {
                    x = permute(x, t.shape()[0], what.startsWith("self_attn.q_proj") ? s.heads() : s.kvHeads());
                }
                out.add(entry(name, t.shape(), x, type, s));
            }
            if (arch.equals("phi3")) {
                fusePhi3(out, blk);
            }
        }
        return out;
    }

    private static List<Tensor> layer(Checkpoint c, int l) {
        String prefix = TensorNames.layer(l, "");
        return c.tensors().values().stream().filter(t -> t.name().startsWith(prefix))
                .sorted(java.util.Comparator.comparing(Tensor::name)).toList();
    }

    private static String ggufName(String hf, String arch) {
        return switch (hf) {
            case TensorNames.INPUT_NORM -> "attn_norm.weight";
            case TensorNames.Q -> "attn_q.weight";
            case TensorNames.K -> "attn_k.weight";
            case TensorNames.V -> "attn_v.weight";
            case TensorNames.O -> "attn_output.weight";
            case TensorNames.Q_BIAS -> "attn_q.bias";
            case TensorNames.K_BIAS -> "attn_k.bias";
            case TensorNames.V_BIAS -> "attn_v.bias";
            case TensorNames.Q_NORM -> "attn_q_norm.weight";
            case TensorNames.K_NORM -> "attn_k_norm.weight";
            case TensorNames.GATE -> "ffn_gate.weight";
            case TensorNames.UP -> "ffn_up.weight";
            case TensorNames.DOWN -> "ffn_down.weight";
            case TensorNames.PRE_FEEDFORWARD_NORM -> "ffn_norm.weight";
            case TensorNames.POST_FEEDFORWARD_NORM -> "post_ffw_norm.weight";
            case TensorNames.POST_ATTENTION_NORM ->
                    arch.equals("gemma2") || arch.equals("olmo2") ? "post_attention_norm.weight" : "ffn_norm.weight";
            default -> throw new IllegalArgumentException("no GGUF name for " + hf);
        };
    }

    /** llama.cpp's {@code permute}: Hugging Face row {@code half * d/2 + i} of a head goes to {@code 2i + half}. */
    static float[] permute(float[] x, long rows, int heads) {
        int columns = Math.toIntExact(x.length / rows);
        int headRows = Math.toIntExact(rows / heads);
        float[] out = new float[x.length];
        for (int h = 0; h < heads; h++) {
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < headRows / 2; i++) {
                    System.arraycopy(x, (h * headRows + half * headRows / 2 + i) * columns, out,
                            (h * headRows + 2 * i + half) * columns, columns);
                }
            }
        }
        return out;
    }

    /** phi3 as llama.cpp stores it: attn_qkv = [q; k; v], ffn_up = [gate; up]. */
    private static void fusePhi3(List<Entry> out, String blk) {
        fuse(out, blk + "attn_qkv.weight", blk + "attn_q.weight", blk + "attn_k.weight", blk + "attn_v.weight");
        fuse(out, blk + "ffn_up.weight", blk + "ffn_gate.weight", blk + "ffn_up.weight");
    }

    private static void fuse(List<Entry> out, String name, String... parts) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long rows = 0;
        Entry first = null;
        for (String part : parts) {
            Entry e = out.stream().filter(x -> x.name().equals(part)).findFirst().orElseThrow();
            out.remove(e);
            first = first == null ? e : first;
            rows += e.shape()[0];
            data.writeBytes(e.data());
        }
        out.add(new Entry(name, new long[] {rows, first.shape()[1]}, first.ggmlType(), data.toByteArray()));
    }

    private static Entry entry(String name, Tensor t, TensorType type, DecoderShape s) {
        return entry(name, t.shape(), t.toFloats(), type, s);
    }

    private static Entry entry(String name, long[] shape, float[] x, TensorType type, DecoderShape s) {
        if (name.endsWith("norm.weight") && s.variant().normWeightOffset() != 0) {
            x = x.clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) s.variant().normWeightOffset(); // llama.cpp stores gemma's norms as 1 + w
            }
        }
        TensorType stored = storedType(shape, type);
        return new Entry(name, shape, GgmlTypes.id(stored), Quantizer.quantize(stored, x).bytes());
    }

    /** Writes a GGUF v3 file with 32-byte alignment (or {@code general.alignment} when the metadata has one). */
    public static void writeFile(Path file, Map<String, Object> metadata, List<Entry> tensors) throws IOException {
        int alignment = metadata.get("general.alignment") instanceof Integer a ? a : 32;
        Header h = new Header();
        h.i32(GgufFile.MAGIC).i32(3).i64(tensors.size()).i64(metadata.size());
        metadata.forEach((key, value) -> h.string(key).value(value));
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Entry e : tensors) {
            h.string(e.name()).i32(e.shape().length);
            for (int d = e.shape().length - 1; d >= 0; d--) {
                h.i64(e.shape()[d]);
            }
            h.i32(e.ggmlType()).i64(offset);
            offsets.add(offset);
            offset = align(offset + e.data().length, alignment);
        }
        byte[] header = h.bytes();
        long dataStart = align(header.length, alignment);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(header), 0);
            for (int i = 0; i < tensors.size(); i++) {
                out.write(ByteBuffer.wrap(tensors.get(i).data()), dataStart + offsets.get(i));
            }
        }
    }

    private static long align(long n, int alignment) {
        return (n + alignment - 1) / alignment * alignment;
    }

    /** GGUF's little-endian header encoding of metadata values. */
    private static final class Header {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Header i32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        Header i64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Header f32(float v) {
            return i32(Float.floatToRawIntBits(v));
        }

        Header string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        Header value(Object value) {
            switch (value) {
                case Integer n -> i32(4).i32(n);
                case Long n -> i32(11).i64(n);
                case Float f -> i32(6).f32(f);
                case Double d -> i32(12).i64(Double.doubleToRawLongBits(d));
                case Boolean b -> {
                    i32(7);
                    out.write(b ? 1 : 0);
                }
                case String s -> i32(8).string(s);
                case float[] fs -> {
                    i32(9).i32(6).i64(fs.length);
                    for (float f : fs) {
                        f32(f);
                    }
                }
                case int[] is -> {
                    i32(9).i32(5).i64(is.length);
                    for (int i : is) {
                        i32(i);
                    }
                }
                case List<?> list -> {
                    i32(9).i32(8).i64(list.size());
                    list.forEach(s -> string((String) s));
                }
                default -> throw new IllegalArgumentException("no GGUF type for " + value.getClass());
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
