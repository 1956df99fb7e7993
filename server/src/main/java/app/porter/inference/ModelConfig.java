package app.porter.inference;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What Porter reads from a Hugging Face model folder's JSON files: {@code config.json} (dimensions, window, special
 * ids), {@code generation_config.json} (eos ids, which win over config.json's) and {@code tokenizer_config.json}
 * (chat template, bos/eos strings). Only {@code config.json} is required; the others are optional because plain
 * base-model conversions (like stories260K) do not ship them.
 *
 * @param modelType {@code model_type}, e.g. {@code llama}; informational
 * @param layers number of decoder layers, or 0 when config.json does not say (the session's inputs decide)
 * @param kvHeads key/value heads, or 0 when unknown
 * @param headDim size of one attention head, or 0 when unknown
 * @param vocabSize the vocabulary size, or 0 when unknown
 * @param contextLength the model's window in tokens
 * @param bosTokenId the beginning-of-sequence id, or -1
 * @param eosTokenIds the ids that end a generation
 * @param chatTemplate the Jinja chat template, when the model ships one
 * @param bosToken the bos string the chat template may use ({@code bos_token}), or ""
 * @param eosToken the eos string the chat template may use ({@code eos_token}), or ""
 */
public record ModelConfig(String modelType, int layers, int kvHeads, int headDim, int vocabSize, int contextLength,
                          int bosTokenId, Set<Integer> eosTokenIds, Optional<String> chatTemplate, String bosToken,
                          String eosToken) {

    /** Used when neither config.json nor tokenizer_config.json states a window. */
    static final int DEFAULT_CONTEXT = 2048;

    public ModelConfig {
        if (contextLength < 16) {
            throw new IllegalArgumentException("context length must be at least 16 tokens, was " + contextLength);
        }
        eosTokenIds = Set.copyOf(eosTokenIds);
    }

    /** Reads the JSON files in {@code folder}; a missing or malformed config.json is refused. */
    static ModelConfig read(Path folder) throws ModelRefusedException {
        JsonObject config = json(folder.resolve("config.json"), true).orElseThrow();
        JsonObject generation = json(folder.resolve("generation_config.json"), false).orElse(JsonValue.EMPTY_JSON_OBJECT);
        JsonObject tokenizer = json(folder.resolve("tokenizer_config.json"), false).orElse(JsonValue.EMPTY_JSON_OBJECT);
        // Multimodal and some newer configs nest the language model's settings under text_config.
        JsonObject text = config.containsKey("text_config") && config.get("text_config") instanceof JsonObject t
                ? t : config;

        int heads = integer(text, "num_attention_heads", "n_head", "num_heads").orElse(0);
        int hidden = integer(text, "hidden_size", "n_embd", "d_model").orElse(0);
        int kvHeads = integer(text, "num_key_value_heads", "num_kv_heads").orElse(heads);
        int headDim = integer(text, "head_dim").orElse(heads > 0 && hidden > 0 ? hidden / heads : 0);
        int layers = integer(text, "num_hidden_layers", "n_layer", "num_layers").orElse(0);

        int window = integer(text, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length")
                .orElse(0);
        // tokenizer_config's model_max_length is often a huge sentinel (1e30) when unset: use it only when sane.
        Optional<Integer> tokenizerMax = integer(tokenizer, "model_max_length").filter(n -> n >= 16 && n < 10_000_000);
        if (window <= 0) {
            window = tokenizerMax.orElse(DEFAULT_CONTEXT);
        } else if (tokenizerMax.isPresent()) {
            window = Math.min(window, tokenizerMax.get());
        }

        Set<Integer> eos = new LinkedHashSet<>(ids(generation.get("eos_token_id")));
        if (eos.isEmpty()) {
            eos.addAll(ids(text.get("eos_token_id")));
        }
        int bos = integer(generation, "bos_token_id").or(() -> integer(text, "bos_token_id")).orElse(-1);

        Optional<String> template = chatTemplate(tokenizer.get("chat_template"));
        return new ModelConfig(string(text, "model_type").orElse("unknown"), layers, kvHeads, headDim,
                integer(text, "vocab_size").orElse(0), window, bos, eos, template,
                specialToken(tokenizer.get("bos_token")), specialToken(tokenizer.get("eos_token")));
    }

    /**
     * A template is a string, or (in some tokenizer_config.json files) a list of named templates of which
     * "default" is the chat one.
     */
    private static Optional<String> chatTemplate(JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(s.getString()).filter(t -> !t.isBlank());
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue entry : value.asJsonArray()) {
                if (entry instanceof JsonObject named && "default".equals(named.getString("name", ""))) {
                    return Optional.of(named.getString("template", "")).filter(t -> !t.isBlank());
                }
            }
        }
        return Optional.empty();
    }

    /** A special token is written as a string or as an AddedToken object with {@code content}. */
    private static String specialToken(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonObject o && o.get("content") instanceof JsonString s) {
            return s.getString();
        }
        return "";
    }

    private static List<Integer> ids(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return List.of(n.intValue());
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            return value.asJsonArray().stream().filter(JsonNumber.class::isInstance)
                    .map(v -> ((JsonNumber) v).intValue()).toList();
        }
        return List.of();
    }

    private static Optional<Integer> integer(JsonObject object, String... names) {
        for (String name : names) {
            if (object.get(name) instanceof JsonNumber n) {
                return Optional.of(n.doubleValue() > Integer.MAX_VALUE ? Integer.MAX_VALUE : n.intValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    static Optional<JsonObject> json(Path file, boolean required) throws ModelRefusedException {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new ModelRefusedException("the model folder has no " + file.getFileName()
                        + " (a Hugging Face model folder needs config.json and tokenizer.json beside the .onnx file)");
            }
            return Optional.empty();
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader reader = Json.createReader(in)) {
            return Optional.of(reader.readObject());
        } catch (IOException | JsonException | IllegalStateException | ClassCastException e) {
            throw new ModelRefusedException(file.getFileName() + " is not a readable JSON object");
        }
    }
}
