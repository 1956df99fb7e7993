package app.porter.modelimport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * A GGUF {@code llama} (SentencePiece BPE) tokenizer as a Hugging Face {@code tokenizer.json}, the way
 * transformers' {@code LlamaConverter} writes one: a BPE model with byte fallback whose merges come from the piece
 * scores (SentencePiece merges the adjacent pair whose result scores highest; Hugging Face merges the pair ranked
 * first, so ranking every split of a piece by the piece's score reproduces SentencePiece), spaces as {@code ▁}.
 */
final class SentencePieceJson {

    private static final int NORMAL = 1;
    private static final String SPACE = "\u2581";

    private SentencePieceJson() {
    }

    static JsonObject tokenizer(GgufMetadata m, List<String> tokens, int[] types, GgufTokenizer.Specials specials,
                                JsonArrayBuilder added) {
        float[] scores = m.floats("tokenizer.ggml.scores");
        if (scores.length != tokens.size()) {
            throw new app.porter.errors.Unprocessable("model_format", "the GGUF's SentencePiece tokenizer has "
                    + scores.length + " scores for " + tokens.size() + " tokens");
        }
        boolean prefixSpace = m.bool("tokenizer.ggml.add_space_prefix").orElse(true);
        boolean byteFallback = tokens.contains("<0x00>");

        JsonArrayBuilder normalizers = Json.createArrayBuilder();
        if (prefixSpace) {
            normalizers.add(Json.createObjectBuilder().add("type", "Prepend").add("prepend", SPACE));
        }
        normalizers.add(replace(" ", SPACE));
        JsonArrayBuilder decoders = Json.createArrayBuilder().add(replace(SPACE, " "));
        if (byteFallback) {
            decoders.add(Json.createObjectBuilder().add("type", "ByteFallback"));
        }
        decoders.add(Json.createObjectBuilder().add("type", "Fuse"));
        if (prefixSpace) {
            decoders.add(Json.createObjectBuilder().add("type", "Strip").add("content", " ").add("start", 1)
                    .add("stop", 0));
        }
        JsonObjectBuilder model = GgufTokenizer.bpeModel(tokens, merges(tokens, types, scores))
                .add("continuing_subword_prefix", JsonValue.NULL).add("end_of_word_suffix", JsonValue.NULL)
                .add("fuse_unk", true).add("byte_fallback", byteFallback).add("ignore_merges", false);
        specials.text(specials.unk()).ifPresentOrElse(t -> model.add("unk_token", t),
                () -> model.add("unk_token", JsonValue.NULL));
        return Json.createObjectBuilder().add("version", "1.0").add("truncation", JsonValue.NULL)
                .add("padding", JsonValue.NULL).add("added_tokens", added)
                .add("normalizer", Json.createObjectBuilder().add("type", "Sequence").add("normalizers", normalizers))
                .add("pre_tokenizer", JsonValue.NULL).add("post_processor", specials.postProcessor())
                .add("decoder", Json.createObjectBuilder().add("type", "Sequence").add("decoders", decoders))
                .add("model", model).build();
    }

    /**
     * Every way to split a normal piece into two pieces of the vocabulary, ranked by the piece's score (highest
     * first), ties by ids, as transformers' {@code generate_merges}.
     */
    static List<String[]> merges(List<String> tokens, int[] types, float[] scores) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            ids.putIfAbsent(tokens.get(id), id);
        }
        List<int[]> candidates = new ArrayList<>();
        for (int id = 0; id < tokens.size(); id++) {
            if (types[id] != NORMAL) {
                continue;
            }
            String piece = tokens.get(id);
            for (int at = piece.offsetByCodePoints(0, 1); at < piece.length(); at = piece.offsetByCodePoints(at, 1)) {
                Integer left = ids.get(piece.substring(0, at));
                Integer right = ids.get(piece.substring(at));
                if (left != null && right != null) {
                    candidates.add(new int[] {id, left, right});
                }
            }
        }
        candidates.sort(Comparator.<int[]>comparingDouble(c -> -scores[c[0]])
                .thenComparingInt(c -> c[0]).thenComparingInt(c -> c[1]).thenComparingInt(c -> c[2]));
        List<String[]> out = new ArrayList<>(candidates.size());
        for (int[] c : candidates) {
            out.add(new String[] {tokens.get(c[1]), tokens.get(c[2])});
        }
        return out;
    }

    private static JsonObjectBuilder replace(String from, String to) {
        return Json.createObjectBuilder().add("type", "Replace")
                .add("pattern", Json.createObjectBuilder().add("String", from)).add("content", to);
    }
}
