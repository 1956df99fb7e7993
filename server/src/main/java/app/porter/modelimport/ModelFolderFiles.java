package app.porter.modelimport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * The JSON and tokenizer files beside an imported graph, in the Hugging Face layout the engine's
 * {@code ModelConfig} and {@code TextTokenizer} read: {@code config.json} (written from the shape),
 * {@code generation_config.json} (the source's, else bos/eos from the shape), {@code tokenizer.json} and
 * {@code tokenizer_config.json} as the checkpoint carried them.
 */
final class ModelFolderFiles {

    private ModelFolderFiles() {
    }

    static void write(Checkpoint checkpoint, WeightFormat format, Path folder) throws IOException {
        DecoderShape shape = checkpoint.shape();
        JsonObjectBuilder config = Json.createObjectBuilder()
                .add("model_type", shape.architecture())
                .add("hidden_size", shape.hidden())
                .add("intermediate_size", shape.intermediate())
                .add("num_hidden_layers", shape.layers())
                .add("num_attention_heads", shape.heads())
                .add("num_key_value_heads", shape.kvHeads())
                .add("head_dim", shape.headDim())
                .add("vocab_size", shape.vocabSize())
                .add("max_position_embeddings", shape.maxPositions())
                .add("rms_norm_eps", shape.rmsEps())
                .add("rope_theta", shape.ropeTheta())
                .add("tie_word_embeddings", shape.tiedEmbeddings())
                .add("eos_token_id", eos(shape))
                // informational: where the graph came from and how its weights are stored
                .add("porter_import", Json.createObjectBuilder()
                        .add("source", checkpoint.source())
                        .add("weights", format.name())
                        .add("graph", "onnxruntime contrib ops (GroupQueryAttention, MatMulNBits)"));
        if (shape.bosTokenId() >= 0) {
            config.add("bos_token_id", shape.bosTokenId());
        }
        Files.writeString(folder.resolve("config.json"), config.build().toString(), StandardCharsets.UTF_8);

        TokenizerFiles tokenizer = checkpoint.tokenizer();
        String generation = tokenizer.generationConfigJson().orElseGet(() -> {
            JsonObjectBuilder g = Json.createObjectBuilder().add("eos_token_id", eos(shape));
            if (shape.bosTokenId() >= 0) {
                g.add("bos_token_id", shape.bosTokenId());
            }
            return g.build().toString();
        });
        Files.writeString(folder.resolve("generation_config.json"), generation, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("tokenizer.json"), tokenizer.tokenizerJson(), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("tokenizer_config.json"), tokenizer.tokenizerConfigJson(),
                StandardCharsets.UTF_8);
    }

    private static JsonArrayBuilder eos(DecoderShape shape) {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        for (int id : shape.eosTokenIds()) {
            ids.add(id);
        }
        return ids;
    }
}
