package app.porter.modelimport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.errors.Unprocessable;

/**
 * A GGUF {@code gpt2} (byte-level BPE) tokenizer as a Hugging Face {@code tokenizer.json}: the GGUF keeps tokens and
 * merges as they are, and names the pre-tokenizer ({@code tokenizer.ggml.pre}) whose splitting rules the Hugging
 * Face file spells out again here (the same regular expressions as llama.cpp's {@code llama-vocab.cpp}).
 */
final class ByteLevelJson {

    private static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Pre-tokenizer names llama.cpp writes, and whether they split like Llama 3, Qwen2, SmolLM or GPT-2. */
    private static final Map<String, String> PRE = Map.of("default", "gpt2", "gpt-2", "gpt2", "gpt2", "gpt2",
            "llama-bpe", "llama3", "llama3", "llama3", "qwen2", "qwen2", "smollm", "smollm");

    private ByteLevelJson() {
    }

    static JsonObject tokenizer(GgufMetadata m, List<String> tokens, GgufTokenizer.Specials specials,
                                JsonArrayBuilder added) {
        String pre = m.string("tokenizer.ggml.pre").orElse("default");
        String family = PRE.get(pre);
        if (family == null) {
            throw new Unprocessable("model_unsupported", "the GGUF's byte-level tokenizer splits text as " + pre
                    + "; Porter imports the " + String.join(", ", PRE.keySet()) + " pre-tokenizers");
        }
        List<String[]> merges = new ArrayList<>();
        for (String merge : m.strings("tokenizer.ggml.merges")) {
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                throw new Unprocessable("model_format", "the GGUF's tokenizer has a malformed merge");
            }
            merges.add(new String[] {merge.substring(0, space), merge.substring(space + 1)});
        }
        JsonObjectBuilder model = GgufTokenizer.bpeModel(tokens, merges)
                .add("unk_token", JsonValue.NULL).add("continuing_subword_prefix", "").add("end_of_word_suffix", "")
                .add("fuse_unk", false).add("byte_fallback", false).add("ignore_merges", family.equals("llama3"));
        return Json.createObjectBuilder().add("version", "1.0").add("truncation", JsonValue.NULL)
                .add("padding", JsonValue.NULL).add("added_tokens", added)
                .add("normalizer", family.equals("qwen2")
                        ? Json.createObjectBuilder().add("type", "NFC").build() : JsonValue.NULL)
                .add("pre_tokenizer", preTokenizer(family)).add("post_processor", specials.postProcessor())
                .add("decoder", byteLevel(true, true))
                .add("model", model).build();
    }

    private static JsonObject preTokenizer(String family) {
        JsonArrayBuilder steps = Json.createArrayBuilder();
        switch (family) {
            case "llama3", "qwen2" -> steps.add(Json.createObjectBuilder().add("type", "Split")
                    .add("pattern", Json.createObjectBuilder().add("Regex", family.equals("llama3") ? LLAMA3 : QWEN2))
                    .add("behavior", "Isolated").add("invert", false)).add(byteLevel(false, false));
            case "smollm" -> steps.add(Json.createObjectBuilder().add("type", "Digits").add("individual_digits", true))
                    .add(byteLevel(false, true));
            default -> steps.add(byteLevel(false, true));
        }
        return Json.createObjectBuilder().add("type", "Sequence").add("pretokenizers", steps).build();
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean useRegex) {
        return Json.createObjectBuilder().add("type", "ByteLevel").add("add_prefix_space", addPrefixSpace)
                .add("trim_offsets", true).add("use_regex", useRegex).build();
    }
}
