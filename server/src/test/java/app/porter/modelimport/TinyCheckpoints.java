package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.modelimport.DecoderShape.RopeScaling;

/**
 * Random-weight checkpoints of any Llama-family shape, in Hugging Face names and layout with f32 weights, and a
 * small SentencePiece-style BPE tokenizer that fills the vocabulary: what {@link GgufWriter} and
 * {@link SafetensorsWriter} write and the readers must give back.
 */
public final class TinyCheckpoints {

    /** The families an import reads, as {@link #tiny} names them (a JUnit {@code @MethodSource}). */
    public static List<String> families() {
        return List.of("llama", "mistral", "qwen2", "qwen3", "phi3", "gemma", "gemma2", "granite", "olmo2");
    }

    private TinyCheckpoints() {
    }

    /**
     * A tiny decoder of the family: every matrix's rows are a multiple of 256 long (so q4_K applies), 4 heads sharing
     * 2 key/value heads of 64, 2 layers, 320 tokens.
     */
    public static DecoderShape tiny(String architecture) {
        return shape(architecture, 320, 256, 2, 4, 2, 64, 512);
    }

    /** SmolLM2-135M's dimensions (hidden 576, 30 layers, 9 heads, 3 key/value heads, 1536, 49152 tokens). */
    public static DecoderShape smolLm2_135M() {
        return new DecoderShape("llama", 49152, 576, 30, 9, 3, 64, 1536, 8192, 100000, 1e-5, true,
                DecoderShape.Variant.llama(), 1, new int[] {2});
    }

    public static DecoderShape shape(String arch, int vocab, int hidden, int layers, int heads, int kvHeads,
                                     int headDim, int intermediate) {
        boolean gemma = arch.startsWith("gemma");
        Families.Numbers numbers = switch (arch) {
            case "qwen2" -> Families.Numbers.plain(true, 0, Optional.empty());
            case "mistral" -> Families.Numbers.plain(false, 64, Optional.empty());
            case "llama" -> Families.Numbers.plain(false, 0, Optional.of(new RopeScaling(8, 1, 4, 64)));
            case "gemma" -> new Families.Numbers(false, 1, Math.sqrt(hidden), 1, Double.NaN, 1, 0, 0, 0,
                    Optional.empty());
            case "gemma2" -> new Families.Numbers(false, 1, Math.sqrt(hidden), 1, 1 / Math.sqrt(headDim), 1, 30, 50,
                    64, Optional.empty());
            case "granite" -> new Families.Numbers(false, 0, 12, 0.22, 0.0078125, 8, 0, 0, 0, Optional.empty());
            default -> Families.Numbers.plain(false, 0, Optional.empty());
        };
        return new DecoderShape(arch, vocab, hidden, layers, heads, kvHeads, headDim, intermediate, 256, 500000,
                1e-5, gemma, Families.variant(arch, numbers), 1, new int[] {2});
    }

    public static Checkpoint random(DecoderShape shape, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int q = shape.heads() * shape.headDim();
        int kv = shape.kvHeads() * shape.headDim();
        String arch = shape.architecture();
        DecoderShape.Variant v = shape.variant();
        put(tensors, random, TensorNames.EMBED, 0, shape.vocabSize(), shape.hidden());
        put(tensors, random, TensorNames.FINAL_NORM, 1, shape.hidden());
        if (!shape.tiedEmbeddings()) {
            put(tensors, random, TensorNames.LM_HEAD, 0, shape.vocabSize(), shape.hidden());
        }
        for (int l = 0; l < shape.layers(); l++) {
            put(tensors, random, TensorNames.layer(l, TensorNames.Q), 0, q, shape.hidden());
            put(tensors, random, TensorNames.layer(l, TensorNames.K), 0, kv, shape.hidden());
            put(tensors, random, TensorNames.layer(l, TensorNames.V), 0, kv, shape.hidden());
            put(tensors, random, TensorNames.layer(l, TensorNames.O), 0, shape.hidden(), q);
            put(tensors, random, TensorNames.layer(l, TensorNames.GATE), 0, shape.intermediate(), shape.hidden());
            put(tensors, random, TensorNames.layer(l, TensorNames.UP), 0, shape.intermediate(), shape.hidden());
            put(tensors, random, TensorNames.layer(l, TensorNames.DOWN), 0, shape.hidden(), shape.intermediate());
            if (!arch.equals("olmo2")) {
                put(tensors, random, TensorNames.layer(l, TensorNames.INPUT_NORM), 1, shape.hidden());
            }
            put(tensors, random, TensorNames.layer(l, TensorNames.POST_ATTENTION_NORM), 1, shape.hidden());
            if (arch.equals("gemma2")) {
                put(tensors, random, TensorNames.layer(l, TensorNames.PRE_FEEDFORWARD_NORM), 1, shape.hidden());
            }
            if (v.postNorms()) {
                put(tensors, random, TensorNames.layer(l, TensorNames.POST_FEEDFORWARD_NORM), 1, shape.hidden());
            }
            if (v.attentionBias()) {
                put(tensors, random, TensorNames.layer(l, TensorNames.Q_BIAS), 0, q);
                put(tensors, random, TensorNames.layer(l, TensorNames.K_BIAS), 0, kv);
                put(tensors, random, TensorNames.layer(l, TensorNames.V_BIAS), 0, kv);
            }
            if (v.qkNorm() != DecoderShape.QkNorm.NONE) {
                boolean perHead = v.qkNorm() == DecoderShape.QkNorm.PER_HEAD;
                put(tensors, random, TensorNames.layer(l, TensorNames.Q_NORM), 1, perHead ? shape.headDim() : q);
                put(tensors, random, TensorNames.layer(l, TensorNames.K_NORM), 1, perHead ? shape.headDim() : kv);
            }
        }
        return new Checkpoint(shape, tensors, tokenizer(shape), "tiny-" + arch);
    }

    /** Normal(0, 0.05) weights, or around {@code center} (norms). */
    private static void put(Map<String, Tensor> tensors, Random random, String name, float center, long... shape) {
        int n = Math.toIntExact(Tensor.elements(shape));
        ByteBuffer data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putFloat(center + (float) random.nextGaussian() * 0.05f);
        }
        tensors.put(name, new Tensor(name, shape, TensorType.F32, data.flip()));
    }

    /** {@code <unk> <s> </s>}, the 256 byte tokens when they fit, {@code ▁ a-z}, then merges until the vocabulary is full. */
    static TokenizerFiles tokenizer(DecoderShape shape) {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        boolean bytes = shape.vocabSize() >= 3 + 256 + 27 + 1;
        if (bytes) {
            for (int b = 0; b < 256; b++) {
                pieces.add(String.format("<0x%02X>", b));
            }
        }
        int firstNormal = pieces.size();
        List<String> alphabet = new ArrayList<>(List.of("\u2581"));
        for (char c = 'a'; c <= 'z'; c++) {
            alphabet.add(String.valueOf(c));
        }
        for (String a : alphabet) {
            if (pieces.size() < shape.vocabSize()) {
                pieces.add(a);
            }
        }
        Set<String> seen = new HashSet<>(pieces);
        List<String[]> merges = new ArrayList<>();
        for (int i = firstNormal; pieces.size() < shape.vocabSize(); i++) {
            for (String a : alphabet) {
                String piece = pieces.get(i) + a;
                if (pieces.size() < shape.vocabSize() && !a.equals("\u2581") && seen.add(piece)) {
                    pieces.add(piece);
                    merges.add(new String[] {pieces.get(i), a});
                }
            }
        }
        JsonObjectBuilder vocab = Json.createObjectBuilder();
        for (int id = 0; id < pieces.size(); id++) {
            vocab.add(pieces.get(id), id);
        }
        JsonArrayBuilder mergeList = Json.createArrayBuilder();
        merges.forEach(m -> mergeList.add(Json.createArrayBuilder().add(m[0]).add(m[1])));
        JsonArrayBuilder added = Json.createArrayBuilder();
        for (int id = 0; id < 3; id++) {
            added.add(Json.createObjectBuilder().add("id", id).add("content", pieces.get(id)).add("single_word", false)
                    .add("lstrip", false).add("rstrip", false).add("normalized", false).add("special", true));
        }
        String json = GgufTokenizer.write(Json.createObjectBuilder().add("version", "1.0")
                .add("truncation", JsonValue.NULL).add("padding", JsonValue.NULL).add("added_tokens", added)
                .add("normalizer", Json.createObjectBuilder().add("type", "Sequence").add("normalizers",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("type", "Prepend").add("prepend", "\u2581"))
                                .add(Json.createObjectBuilder().add("type", "Replace")
                                        .add("pattern", Json.createObjectBuilder().add("String", " "))
                                        .add("content", "\u2581"))))
                .add("pre_tokenizer", JsonValue.NULL).add("post_processor", JsonValue.NULL)
                .add("decoder", Json.createObjectBuilder().add("type", "Sequence").add("decoders",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("type", "Replace")
                                        .add("pattern", Json.createObjectBuilder().add("String", "\u2581"))
                                        .add("content", " "))
                                .add(Json.createObjectBuilder().add("type", "ByteFallback"))
                                .add(Json.createObjectBuilder().add("type", "Fuse"))
                                .add(Json.createObjectBuilder().add("type", "Strip").add("content", " ")
                                        .add("start", 1).add("stop", 0))))
                .add("model", Json.createObjectBuilder().add("type", "BPE").add("dropout", JsonValue.NULL)
                        .add("unk_token", "<unk>").add("continuing_subword_prefix", JsonValue.NULL)
                        .add("end_of_word_suffix", JsonValue.NULL).add("fuse_unk", true).add("byte_fallback", bytes)
                        .add("ignore_merges", false).add("vocab", vocab).add("merges", mergeList)).build());
        String config = GgufTokenizer.write(Json.createObjectBuilder().add("bos_token", "<s>").add("eos_token", "</s>")
                .add("chat_template", "{% for m in messages %}<s>{{ m['content'] }}</s>{% endfor %}").build());
        return new TokenizerFiles(json, config, Optional.of("{\"bos_token_id\":1,\"eos_token_id\":[2]}"));
    }
}
