package app.porter.modelimport;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;

import app.porter.errors.Unprocessable;

/**
 * A GGUF file's {@code tokenizer.ggml.*} metadata as the Hugging Face files the engine loads: {@code tokenizer.json}
 * for DJL's tokenizers binding, {@code tokenizer_config.json} with the chat template, {@code generation_config.json}
 * with the ids that end a generation. Two tokenizer models exist in Llama-family GGUFs: {@code llama}
 * (SentencePiece BPE: tokens, scores, token types, byte fallback) and {@code gpt2} (byte-level BPE: tokens, merges,
 * a pre-tokenizer named by {@code tokenizer.ggml.pre}).
 */
final class GgufTokenizer {

    /**
     * One builder factory for the per-token and per-merge builders: every {@code Json.create...Builder()} looks the
     * JSON provider up through the service loader again, and 48,900 merges made that 3-4 s of a 135M import.
     */
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    // llama.cpp's token types (llama_token_type)
    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;

    private GgufTokenizer() {
    }

    static TokenizerFiles files(GgufMetadata m, DecoderShape shape) {
        String model = m.string("tokenizer.ggml.model").orElseThrow(() -> new Unprocessable("model_format",
                "the GGUF carries no tokenizer (tokenizer.ggml.model)"));
        List<String> tokens = m.strings("tokenizer.ggml.tokens");
        if (tokens.isEmpty()) {
            throw new Unprocessable("model_format", "the GGUF's tokenizer has no tokens");
        }
        int[] types = m.ints("tokenizer.ggml.token_type");
        if (types.length != tokens.size()) {
            types = new int[tokens.size()];
            java.util.Arrays.fill(types, NORMAL);
        }
        Specials specials = new Specials(m, tokens);
        JsonObject tokenizer = switch (model) {
            case "llama" -> SentencePieceJson.tokenizer(m, tokens, types, specials, added(tokens, types));
            case "gpt2" -> ByteLevelJson.tokenizer(m, tokens, specials, added(tokens, types));
            default -> throw new Unprocessable("model_unsupported", "the GGUF's tokenizer is " + model
                    + "; Porter imports llama (SentencePiece) and gpt2 (byte-level BPE) tokenizers");
        };
        return new TokenizerFiles(write(tokenizer), write(config(m, shape, specials)),
                Optional.of(write(generation(shape))));
    }

    /** Tokens matched before the model runs: control and user-defined tokens (and unk), as Hugging Face lists them. */
    private static JsonArrayBuilder added(List<String> tokens, int[] types) {
        JsonArrayBuilder added = Json.createArrayBuilder();
        for (int id = 0; id < tokens.size(); id++) {
            if (types[id] == CONTROL || types[id] == USER_DEFINED || types[id] == UNKNOWN) {
                added.add(BUILDERS.createObjectBuilder().add("id", id).add("content", tokens.get(id))
                        .add("single_word", false).add("lstrip", false).add("rstrip", false)
                        .add("normalized", false).add("special", types[id] != USER_DEFINED));
            }
        }
        return added;
    }

    /** The special tokens the metadata names, by id and text. */
    record Specials(int bos, int eos, int unk, int pad, boolean addBos, boolean addEos, List<String> tokens) {

        Specials(GgufMetadata m, List<String> tokens) {
            this(id(m, "bos", tokens), id(m, "eos", tokens), id(m, "unknown", tokens), id(m, "padding", tokens),
                    m.bool("tokenizer.ggml.add_bos_token")
                            .orElse(m.string("tokenizer.ggml.model").orElse("").equals("llama")),
                    m.bool("tokenizer.ggml.add_eos_token").orElse(false), tokens);
        }

        private static int id(GgufMetadata m, String which, List<String> tokens) {
            long id = m.integer("tokenizer.ggml." + which + "_token_id").orElse(-1L);
            return id >= 0 && id < tokens.size() ? (int) id : -1;
        }

        Optional<String> text(int id) {
            return id < 0 ? Optional.empty() : Optional.of(tokens.get(id));
        }

        /**
         * Hugging Face's TemplateProcessing for bos/eos added around the text, or null when nothing is added
         * (as {@code LlamaConverter} and the Llama 3 tokenizer.json write it).
         */
        JsonValue postProcessor() {
            boolean bos = addBos && this.bos >= 0;
            boolean eos = addEos && this.eos >= 0;
            if (!bos && !eos) {
                return JsonValue.NULL;
            }
            JsonArrayBuilder single = Json.createArrayBuilder();
            JsonArrayBuilder pair = Json.createArrayBuilder();
            part(single, "A", 0, bos, eos);
            part(pair, "A", 0, bos, eos);
            part(pair, "B", 1, bos, eos);
            JsonObjectBuilder specials = Json.createObjectBuilder();
            for (int id : new int[] {bos ? this.bos : -1, eos ? this.eos : -1}) {
                if (id >= 0) {
                    specials.add(tokens.get(id), Json.createObjectBuilder().add("id", tokens.get(id))
                            .add("ids", Json.createArrayBuilder().add(id))
                            .add("tokens", Json.createArrayBuilder().add(tokens.get(id))));
                }
            }
            return Json.createObjectBuilder().add("type", "TemplateProcessing").add("single", single)
                    .add("pair", pair).add("special_tokens", specials).build();
        }

        private void part(JsonArrayBuilder into, String sequence, int typeId, boolean bos, boolean eos) {
            if (bos) {
                into.add(special(this.bos, typeId));
            }
            into.add(Json.createObjectBuilder().add("Sequence", Json.createObjectBuilder()
                    .add("id", sequence).add("type_id", typeId)));
            if (eos) {
                into.add(special(this.eos, typeId));
            }
        }

        private JsonObject special(int id, int typeId) {
            return Json.createObjectBuilder().add("SpecialToken", Json.createObjectBuilder()
                    .add("id", tokens.get(id)).add("type_id", typeId)).build();
        }
    }

    private static JsonObject config(GgufMetadata m, DecoderShape shape, Specials specials) {
        JsonObjectBuilder config = Json.createObjectBuilder().add("tokenizer_class", "PreTrainedTokenizerFast")
                .add("add_bos_token", specials.addBos()).add("add_eos_token", specials.addEos())
                .add("model_max_length", shape.maxPositions());
        specials.text(specials.bos()).ifPresent(t -> config.add("bos_token", t));
        specials.text(specials.eos()).ifPresent(t -> config.add("eos_token", t));
        specials.text(specials.unk()).ifPresent(t -> config.add("unk_token", t));
        specials.text(specials.pad()).ifPresent(t -> config.add("pad_token", t));
        m.string("tokenizer.chat_template").ifPresent(t -> config.add("chat_template", t));
        return config.build();
    }

    private static JsonObject generation(DecoderShape shape) {
        JsonArrayBuilder eos = Json.createArrayBuilder();
        for (int id : shape.eosTokenIds()) {
            eos.add(id);
        }
        JsonObjectBuilder generation = Json.createObjectBuilder().add("eos_token_id", eos);
        if (shape.bosTokenId() >= 0) {
            generation.add("bos_token_id", shape.bosTokenId());
        }
        return generation.build();
    }

    static String write(JsonStructure json) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = Json.createWriter(out)) {
            writer.write(json);
        }
        return out.toString();
    }

    /** Hugging Face's BPE model object; {@code merges} as pairs (the format that allows spaces inside tokens). */
    static JsonObjectBuilder bpeModel(List<String> tokens, List<String[]> merges) {
        JsonObjectBuilder vocab = Json.createObjectBuilder();
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            // A few GGUFs repeat a token text (padding entries); the first id keeps it, as llama.cpp does.
            if (seen.putIfAbsent(tokens.get(id), id) == null) {
                vocab.add(tokens.get(id), id);
            }
        }
        JsonArrayBuilder pairs = Json.createArrayBuilder();
        for (String[] merge : merges) {
            pairs.add(BUILDERS.createArrayBuilder().add(merge[0]).add(merge[1]));
        }
        return Json.createObjectBuilder().add("type", "BPE").add("dropout", JsonValue.NULL)
                .add("vocab", vocab).add("merges", pairs);
    }
}
