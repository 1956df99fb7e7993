package app.porter.modelimport;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The test side of the tokenizer round trip: a Hugging Face {@code tokenizer.json} as the {@code tokenizer.ggml.*}
 * metadata llama.cpp's converter writes. A SentencePiece-style BPE (byte fallback, {@code ▁}) becomes a
 * {@code llama} tokenizer with scores (a piece's score is minus the rank of the first merge that makes it, as a
 * SentencePiece BPE model ranks them); a byte-level BPE becomes {@code gpt2} with its merges.
 */
final class GgufVocab {

    private GgufVocab() {
    }

    static Map<String, Object> metadata(String tokenizerJson, DecoderShape shape, String pre) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(tokenizerJson))) {
            json = reader.readObject();
        }
        JsonObject model = json.getJsonObject("model");
        Map<String, Integer> vocab = new HashMap<>();
        model.getJsonObject("vocab").forEach((token, id) -> vocab.put(token, ((jakarta.json.JsonNumber) id).intValue()));
        Map<Integer, JsonObject> added = new HashMap<>();
        for (JsonValue a : json.getJsonArray("added_tokens")) {
            added.put(a.asJsonObject().getInt("id"), a.asJsonObject());
        }
        int size = Math.max(vocab.values().stream().mapToInt(i -> i + 1).max().orElse(0),
                added.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
        String[] tokens = new String[size];
        vocab.forEach((token, id) -> tokens[id] = token);
        added.forEach((id, a) -> tokens[id] = a.getString("content"));
        List<String[]> merges = new ArrayList<>();
        for (JsonValue m : model.getJsonArray("merges")) {
            merges.add(m instanceof JsonString s ? s.getString().split(" ", 2)
                    : new String[] {((JsonArray) m).getString(0), ((JsonArray) m).getString(1)});
        }
        boolean sentencePiece = model.getBoolean("byte_fallback", false) || tokenizerJson.contains("\"Prepend\"");
        String unk = model.get("unk_token") instanceof JsonString s ? s.getString() : null;
        int[] types = new int[size];
        for (int id = 0; id < size; id++) {
            JsonObject a = added.get(id);
            types[id] = tokens[id].equals(unk) ? 2 : a != null ? (a.getBoolean("special") ? 3 : 4)
                    : tokens[id].matches("<0x[0-9A-F]{2}>") ? 6 : 1;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", sentencePiece ? "llama" : "gpt2");
        m.put("tokenizer.ggml.tokens", Arrays.asList(tokens));
        m.put("tokenizer.ggml.token_type", types);
        if (sentencePiece) {
            float[] scores = new float[size];
            Arrays.fill(scores, Float.NaN);
            for (int rank = 0; rank < merges.size(); rank++) {
                Integer id = vocab.get(merges.get(rank)[0] + merges.get(rank)[1]);
                if (id != null && Float.isNaN(scores[id])) {
                    scores[id] = -rank;
                }
            }
            for (int id = 0; id < size; id++) {
                scores[id] = Float.isNaN(scores[id]) ? (types[id] == 1 ? -merges.size() - id : 0) : scores[id];
            }
            m.put("tokenizer.ggml.scores", scores);
            m.put("tokenizer.ggml.add_space_prefix", tokenizerJson.contains("\"Prepend\""));
        } else {
            m.put("tokenizer.ggml.merges", merges.stream().map(p -> p[0] + " " + p[1]).toList());
            m.put("tokenizer.ggml.pre", pre);
        }
        if (unk != null && vocab.containsKey(unk)) {
            m.put("tokenizer.ggml.unknown_token_id", vocab.get(unk));
        }
        if (shape.bosTokenId() >= 0) {
            m.put("tokenizer.ggml.bos_token_id", shape.bosTokenId());
        }
        if (shape.eosTokenIds().length > 0) {
            m.put("tokenizer.ggml.eos_token_id", shape.eosTokenIds()[0]);
        }
        if (shape.eosTokenIds().length > 1) {
            m.put("tokenizer.ggml.eot_token_id", shape.eosTokenIds()[1]);
        }
        m.put("tokenizer.ggml.add_bos_token", json.get("post_processor") instanceof JsonObject p
                && p.toString().contains("SpecialToken"));
        return m;
    }
}
