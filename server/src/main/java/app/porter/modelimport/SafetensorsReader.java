package app.porter.modelimport;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import app.porter.errors.Unprocessable;

/**
 * Reads a Hugging Face checkpoint folder: {@code config.json}, one {@code model.safetensors} or the shards named by
 * {@code model.safetensors.index.json}, and the tokenizer files, which are carried over as they are.
 */
final class SafetensorsReader {

    private static final String INDEX = "model.safetensors.index.json";
    private static final Pattern FUSED = Pattern.compile("model\\.layers\\.(\\d+)\\.(self_attn\\.qkv_proj|mlp\\.gate_up_proj)\\.weight");

    private SafetensorsReader() {
    }

    static Checkpoint read(Path folder, ImportProgress progress) throws IOException {
        JsonObject config = json(folder.resolve("config.json")).orElseThrow();
        String arch = HfConfigShape.architecture(config); // refuse a foreign model before mapping anything
        List<Path> shards = shards(folder);
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            progress.report(ImportProgress.Phase.READ, i, shards.size());
            stored.putAll(SafetensorsFile.read(shards.get(i)));
        }
        progress.report(ImportProgress.Phase.READ, shards.size(), shards.size());
        DecoderShape shape = HfConfigShape.shape(config, json(folder.resolve("generation_config.json")),
                stored.keySet());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor t : stored.values()) {
            if (t.name().endsWith("rotary_emb.inv_freq")) {
                continue; // a buffer some exports save; the engine computes the frequencies itself
            }
            Matcher fused = FUSED.matcher(t.name());
            if (fused.matches() && arch.equals("phi3")) {
                split(shape, Integer.parseInt(fused.group(1)), fused.group(2), t, tensors);
            } else {
                tensors.put(t.name(), t);
            }
        }
        return new Checkpoint(shape, tensors, tokenizer(folder), folder.getFileName().toString());
    }

    /** phi3's fused projections: qkv_proj rows are [q; k; v], gate_up_proj rows [gate; up]. */
    private static void split(DecoderShape shape, int layer, String what, Tensor t, Map<String, Tensor> out) {
        if (what.equals("self_attn.qkv_proj")) {
            int q = shape.heads() * shape.headDim();
            int kv = shape.kvHeads() * shape.headDim();
            put(out, TensorRows.slice(t, TensorNames.layer(layer, TensorNames.Q), 0, q));
            put(out, TensorRows.slice(t, TensorNames.layer(layer, TensorNames.K), q, kv));
            put(out, TensorRows.slice(t, TensorNames.layer(layer, TensorNames.V), q + kv, kv));
        } else {
            int n = shape.intermediate();
            put(out, TensorRows.slice(t, TensorNames.layer(layer, TensorNames.GATE), 0, n));
            put(out, TensorRows.slice(t, TensorNames.layer(layer, TensorNames.UP), n, n));
        }
    }

    private static void put(Map<String, Tensor> out, Tensor t) {
        out.put(t.name(), t);
    }

    private static List<Path> shards(Path folder) throws IOException {
        Optional<JsonObject> index = json(folder.resolve(INDEX));
        if (index.isPresent()) {
            TreeSet<String> files = new TreeSet<>();
            index.get().getJsonObject("weight_map").values()
                    .forEach(v -> files.add(((JsonString) v).getString()));
            List<Path> shards = new ArrayList<>();
            for (String file : files) {
                Path shard = folder.resolve(file).normalize();
                if (!shard.getParent().equals(folder.normalize()) || !Files.isRegularFile(shard)) {
                    throw new Unprocessable("model_format", INDEX + " names a shard " + file
                            + " that is not in the folder");
                }
                shards.add(shard);
            }
            return shards;
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> shards = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted()
                    .toList();
            if (shards.isEmpty()) {
                throw new Unprocessable("model_format", "the folder has config.json but no .safetensors weights");
            }
            return shards;
        }
    }

    private static TokenizerFiles tokenizer(Path folder) throws IOException {
        Path tokenizer = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new Unprocessable("model_format", "the folder has no tokenizer.json (older checkpoints ship only "
                    + "tokenizer.model: save the tokenizer with transformers' save_pretrained first)");
        }
        Path config = folder.resolve("tokenizer_config.json");
        Path generation = folder.resolve("generation_config.json");
        return new TokenizerFiles(Files.readString(tokenizer),
                Files.isRegularFile(config) ? Files.readString(config) : "{}",
                Files.isRegularFile(generation) ? Optional.of(Files.readString(generation)) : Optional.empty());
    }

    private static Optional<JsonObject> json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader reader = Json.createReader(in)) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            throw new Unprocessable("model_format", file.getFileName() + " is not a readable JSON object");
        }
    }
}
