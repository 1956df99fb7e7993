package app.porter.modelimport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.errors.Unprocessable;
import app.porter.modelimport.DecoderShape.RopeScaling;

/** A Hugging Face {@code config.json} (and {@code generation_config.json}) as a {@link DecoderShape}. */
final class HfConfigShape {

    /** {@code model_type}s Porter imports, and the family each decodes as (SmolLM's configs say llama anyway). */
    private static final Map<String, String> FAMILIES = Map.of("llama", "llama", "smollm", "llama",
            "mistral", "mistral", "qwen2", "qwen2", "qwen3", "qwen3", "phi3", "phi3", "gemma", "gemma",
            "gemma2", "gemma2", "granite", "granite", "olmo2", "olmo2");

    private HfConfigShape() {
    }

    static String architecture(JsonObject config) {
        String type = config.getString("model_type", "");
        String family = FAMILIES.get(type);
        if (family == null) {
            throw new Unprocessable("model_unsupported", "the checkpoint's architecture is "
                    + (type.isEmpty() ? "not stated (config.json has no model_type)" : type)
                    + "; Porter imports the Llama family: " + String.join(", ", FAMILIES.keySet()));
        }
        return family;
    }

    /** @param tensorNames the checkpoint's tensor names, for what config.json may leave out (biases, tying) */
    static DecoderShape shape(JsonObject config, Optional<JsonObject> generation, Set<String> tensorNames) {
        String arch = architecture(config);
        int hidden = required(config, "hidden_size");
        int heads = required(config, "num_attention_heads");
        int kvHeads = integer(config, "num_key_value_heads").orElse(heads);
        int headDim = integer(config, "head_dim").orElse(hidden / heads);
        boolean tiedByDefault = arch.startsWith("gemma");
        boolean tied = config.getBoolean("tie_word_embeddings", tiedByDefault)
                || !tensorNames.contains(TensorNames.LM_HEAD);
        List<Integer> eos = ids(generation.map(g -> g.get("eos_token_id")).orElse(null));
        if (eos.isEmpty()) {
            eos = ids(config.get("eos_token_id"));
        }
        int bos = generation.flatMap(g -> integer(g, "bos_token_id")).or(() -> integer(config, "bos_token_id"))
                .orElse(-1);
        return new DecoderShape(arch, required(config, "vocab_size"), hidden, required(config, "num_hidden_layers"),
                heads, kvHeads, headDim, required(config, "intermediate_size"),
                integer(config, "max_position_embeddings").orElse(2048), number(config, "rope_theta").orElse(10000.0),
                number(config, "rms_norm_eps").orElse(1e-6), tied,
                Families.variant(arch, numbers(config, arch, hidden, tensorNames)), bos,
                eos.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Families.Numbers numbers(JsonObject c, String arch, int hidden, Set<String> tensorNames) {
        boolean bias = tensorNames.contains(TensorNames.layer(0, TensorNames.Q_BIAS));
        // Qwen configs state a sliding window they do not use unless use_sliding_window is set.
        int window = arch.startsWith("qwen") && !c.getBoolean("use_sliding_window", false) ? 0
                : integer(c, "sliding_window").orElse(0);
        Optional<RopeScaling> rope = ropeScaling(c);
        return switch (arch) {
            // Hugging Face's Gemma RMSNorm multiplies by (1 + w): the file stores w - 1.
            case "gemma" -> new Families.Numbers(bias, 1, Math.sqrt(hidden), 1, Double.NaN, 1, 0, 0, window, rope);
            case "gemma2" -> new Families.Numbers(bias, 1, Math.sqrt(hidden), 1,
                    number(c, "query_pre_attn_scalar").map(s -> 1 / Math.sqrt(s)).orElse(Double.NaN), 1,
                    number(c, "final_logit_softcapping").orElse(0.0), number(c, "attn_logit_softcapping").orElse(0.0),
                    window, rope);
            case "granite" -> new Families.Numbers(bias, 0, number(c, "embedding_multiplier").orElse(1.0),
                    number(c, "residual_multiplier").orElse(1.0), number(c, "attention_multiplier").orElse(Double.NaN),
                    number(c, "logits_scaling").orElse(1.0), 0, 0, window, rope);
            default -> Families.Numbers.plain(bias, window, rope);
        };
    }

    private static Optional<RopeScaling> ropeScaling(JsonObject c) {
        if (!(c.get("rope_scaling") instanceof JsonObject s)) {
            return Optional.empty();
        }
        String type = s.get("rope_type") instanceof JsonString t ? t.getString() : s.getString("type", "default");
        return switch (type) {
            case "default" -> Optional.empty();
            case "llama3" -> Optional.of(new RopeScaling(number(s, "factor").orElse(8.0),
                    number(s, "low_freq_factor").orElse(1.0), number(s, "high_freq_factor").orElse(4.0),
                    integer(s, "original_max_position_embeddings").orElse(8192)));
            default -> throw new Unprocessable("model_unsupported", "the checkpoint uses " + type
                    + " rotary scaling; Porter imports plain and Llama 3 rotary embeddings");
        };
    }

    private static int required(JsonObject c, String key) {
        return integer(c, key).orElseThrow(() -> new Unprocessable("model_format", "config.json has no " + key));
    }

    private static Optional<Integer> integer(JsonObject c, String key) {
        return c.get(key) instanceof JsonNumber n ? Optional.of(n.intValueExact()) : Optional.empty();
    }

    private static Optional<Double> number(JsonObject c, String key) {
        return c.get(key) instanceof JsonNumber n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    private static List<Integer> ids(JsonValue value) {
        List<Integer> out = new ArrayList<>();
        if (value instanceof JsonNumber n) {
            out.add(n.intValue());
        } else if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().getValuesAs(JsonNumber.class).forEach(n -> out.add(n.intValue()));
        }
        return out;
    }
}
