package app.porter.modelimport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Writes a checkpoint as a Hugging Face folder: {@code config.json} for its shape, the weights in one or several
 * {@code .safetensors} shards (with {@code model.safetensors.index.json} when sharded), phi3's projections fused as
 * Hugging Face stores them, and the tokenizer files.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {
    }

    public static void write(Checkpoint checkpoint, Path folder) throws IOException {
        write(checkpoint, folder, TensorType.F32, 1);
    }

    /** @param type F32, F16 or BF16 for every tensor */
    public static void write(Checkpoint checkpoint, Path folder, TensorType type, int shards) throws IOException {
        Files.createDirectories(folder);
        List<Tensor> tensors = new ArrayList<>(checkpoint.tensors().values());
        tensors.sort(java.util.Comparator.comparing(Tensor::name));
        if (checkpoint.shape().architecture().equals("phi3")) {
            tensors = fusePhi3(checkpoint.shape(), tensors);
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        int perShard = (tensors.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String file = shards == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<Tensor> part = tensors.subList(s * perShard, Math.min(tensors.size(), (s + 1) * perShard));
            writeFile(folder.resolve(file), part, type);
            part.forEach(t -> weightMap.put(t.name(), file));
        }
        if (shards > 1) {
            JsonObjectBuilder map = Json.createObjectBuilder();
            weightMap.forEach(map::add);
            Files.writeString(folder.resolve("model.safetensors.index.json"), GgufTokenizer.write(
                    Json.createObjectBuilder().add("metadata", Json.createObjectBuilder()).add("weight_map", map)
                            .build()));
        }
        Files.writeString(folder.resolve("config.json"), config(checkpoint.shape()));
        Files.writeString(folder.resolve("tokenizer.json"), checkpoint.tokenizer().tokenizerJson());
        Files.writeString(folder.resolve("tokenizer_config.json"), checkpoint.tokenizer().tokenizerConfigJson());
        if (checkpoint.tokenizer().generationConfigJson().isPresent()) {
            Files.writeString(folder.resolve("generation_config.json"),
                    checkpoint.tokenizer().generationConfigJson().get());
        }
    }

    static void writeFile(Path file, List<Tensor> tensors, TensorType type) throws IOException {
        JsonObjectBuilder header = Json.createObjectBuilder()
                .add("__metadata__", Json.createObjectBuilder().add("format", "pt"));
        List<byte[]> data = new ArrayList<>();
        long offset = 0;
        for (Tensor t : tensors) {
            byte[] bytes = Quantizer.quantize(type, t.toFloats()).bytes();
            JsonArrayBuilder shape = Json.createArrayBuilder();
            for (long d : t.shape()) {
                shape.add(d);
            }
            header.add(t.name(), Json.createObjectBuilder().add("dtype", type.name()).add("shape", shape)
                    .add("data_offsets", Json.createArrayBuilder().add(offset).add(offset + bytes.length)));
            data.add(bytes);
            offset += bytes.length;
        }
        byte[] json = GgufTokenizer.write(header.build()).getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.length));
            out.write(ByteBuffer.wrap(json));
            for (byte[] bytes : data) {
                out.write(ByteBuffer.wrap(bytes));
            }
        }
    }

    private static List<Tensor> fusePhi3(DecoderShape s, List<Tensor> tensors) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        tensors.forEach(t -> byName.put(t.name(), t));
        for (int l = 0; l < s.layers(); l++) {
            fuse(byName, TensorNames.layer(l, "self_attn.qkv_proj.weight"), TensorNames.layer(l, TensorNames.Q),
                    TensorNames.layer(l, TensorNames.K), TensorNames.layer(l, TensorNames.V));
            fuse(byName, TensorNames.layer(l, "mlp.gate_up_proj.weight"), TensorNames.layer(l, TensorNames.GATE),
                    TensorNames.layer(l, TensorNames.UP));
        }
        return new ArrayList<>(byName.values());
    }

    private static void fuse(Map<String, Tensor> byName, String name, String... parts) {
        List<Tensor> taken = new ArrayList<>();
        long rows = 0;
        for (String part : parts) {
            Tensor t = byName.remove(part);
            taken.add(t);
            rows += t.shape()[0];
        }
        ByteBuffer data = ByteBuffer.allocate(taken.stream().mapToInt(t -> t.bytes().remaining()).sum());
        taken.forEach(t -> data.put(t.bytes()));
        byName.put(name, new Tensor(name, new long[] {rows, taken.get(0).shape()[1]}, taken.get(0).type(),
                data.flip()));
    }

    private static String config(DecoderShape s) {
        DecoderShape.Variant v = s.variant();
        JsonObjectBuilder c = Json.createObjectBuilder().add("model_type", s.architecture())
                .add("vocab_size", s.vocabSize()).add("hidden_size", s.hidden())
                .add("num_hidden_layers", s.layers()).add("num_attention_heads", s.heads())
                .add("num_key_value_heads", s.kvHeads()).add("head_dim", s.headDim())
                .add("intermediate_size", s.intermediate()).add("max_position_embeddings", s.maxPositions())
                .add("rope_theta", s.ropeTheta()).add("rms_norm_eps", s.rmsEps())
                .add("tie_word_embeddings", s.tiedEmbeddings()).add("bos_token_id", s.bosTokenId())
                .add("eos_token_id", s.eosTokenIds()[0]);
        if (v.slidingWindow() > 0) {
            c.add("sliding_window", v.slidingWindow());
        }
        v.ropeScaling().ifPresent(r -> c.add("rope_scaling", Json.createObjectBuilder().add("rope_type", "llama3")
                .add("factor", r.factor()).add("low_freq_factor", r.lowFreqFactor())
                .add("high_freq_factor", r.highFreqFactor())
                .add("original_max_position_embeddings", r.originalMaxPositions())));
        switch (s.architecture()) {
            case "gemma2" -> c.add("final_logit_softcapping", v.logitSoftcap())
                    .add("attn_logit_softcapping", v.attentionSoftcap())
                    .add("query_pre_attn_scalar", 1 / (v.attentionScale() * v.attentionScale()));
            case "granite" -> c.add("embedding_multiplier", v.embeddingScale())
                    .add("residual_multiplier", v.residualScale()).add("attention_multiplier", v.attentionScale())
                    .add("logits_scaling", v.logitScale());
            default -> { }
        }
        return GgufTokenizer.write(c.build());
    }
}
