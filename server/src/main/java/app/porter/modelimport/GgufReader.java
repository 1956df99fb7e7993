package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.errors.Unprocessable;
import app.porter.modelimport.GgufFile.TensorInfo;

/**
 * Reads a GGUF checkpoint: its shape from the metadata, its tensors memory-mapped under Hugging Face names and in
 * Hugging Face layout (llama.cpp's Q/K row permutation undone, phi3's fused projections split), its tokenizer as
 * Hugging Face files.
 */
final class GgufReader {

    /** What the GGUF's per-layer tensors are called in Hugging Face's Llama naming. */
    private static final Map<String, String> LAYER_NAMES = Map.ofEntries(
            Map.entry("attn_norm.weight", TensorNames.INPUT_NORM),
            Map.entry("attn_q.weight", TensorNames.Q),
            Map.entry("attn_k.weight", TensorNames.K),
            Map.entry("attn_v.weight", TensorNames.V),
            Map.entry("attn_output.weight", TensorNames.O),
            Map.entry("attn_q.bias", TensorNames.Q_BIAS),
            Map.entry("attn_k.bias", TensorNames.K_BIAS),
            Map.entry("attn_v.bias", TensorNames.V_BIAS),
            Map.entry("attn_q_norm.weight", TensorNames.Q_NORM),
            Map.entry("attn_k_norm.weight", TensorNames.K_NORM),
            Map.entry("ffn_gate.weight", TensorNames.GATE),
            Map.entry("ffn_up.weight", TensorNames.UP),
            Map.entry("ffn_down.weight", TensorNames.DOWN),
            Map.entry("ffn_norm.weight", TensorNames.POST_ATTENTION_NORM),
            Map.entry("post_attention_norm.weight", TensorNames.POST_ATTENTION_NORM),
            Map.entry("post_ffw_norm.weight", TensorNames.POST_FEEDFORWARD_NORM));

    private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.(.+)");

    /**
     * The architectures whose Q and K rows llama.cpp's converter permutes ({@code LlamaModel.permute} in
     * {@code convert_hf_to_gguf.py}; granite inherits it). Qwen, phi3, gemma and olmo2 are stored as Hugging Face
     * has them.
     */
    private static final Set<String> PERMUTED = Set.of("llama", "granite");

    private GgufReader() {
    }

    static Checkpoint read(Path path, ImportProgress progress) throws IOException {
        GgufFile file = GgufFile.open(path);
        GgufMetadata metadata = file.metadata();
        String arch = GgufShape.architecture(metadata);
        // Map every tensor first: an unsupported type or a truncated file is refused before anything else.
        Map<String, Tensor> stored = new LinkedHashMap<>();
        long done = 0;
        for (TensorInfo info : file.tensors()) {
            progress.report(ImportProgress.Phase.READ, done++, file.tensors().size());
            stored.put(info.name(), tensor(file, info));
        }
        Optional<float[]> ropeFreqs = Optional.ofNullable(stored.remove("rope_freqs.weight")).map(Tensor::toFloats);
        DecoderShape shape = GgufShape.shape(metadata, arch, stored.keySet(), ropeFreqs);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor t : stored.values()) {
            place(shape, t, tensors);
        }
        progress.report(ImportProgress.Phase.READ, file.tensors().size(), file.tensors().size());
        return new Checkpoint(shape, tensors, GgufTokenizer.files(metadata, shape), path.getFileName().toString());
    }

    /** Puts one GGUF tensor into the checkpoint under its Hugging Face name(s), in Hugging Face layout. */
    private static void place(DecoderShape shape, Tensor t, Map<String, Tensor> out) {
        switch (t.name()) {
            case "token_embd.weight" -> out.put(TensorNames.EMBED, renamed(t, TensorNames.EMBED));
            case "output_norm.weight" -> out.put(TensorNames.FINAL_NORM, renamed(t, TensorNames.FINAL_NORM));
            case "output.weight" -> out.put(TensorNames.LM_HEAD, renamed(t, TensorNames.LM_HEAD));
            default -> {
                Matcher m = LAYER.matcher(t.name());
                if (!m.matches()) {
                    throw unknown(t.name());
                }
                placeLayer(shape, Integer.parseInt(m.group(1)), m.group(2), t, out);
            }
        }
    }

    private static void placeLayer(DecoderShape shape, int layer, String what, Tensor t, Map<String, Tensor> out) {
        int q = shape.heads() * shape.headDim();
        int kv = shape.kvHeads() * shape.headDim();
        if (what.equals("attn_qkv.weight")) {
            // phi3: one projection, rows [q; k; v].
            out.put(TensorNames.layer(layer, TensorNames.Q), TensorRows.slice(t, TensorNames.layer(layer, TensorNames.Q), 0, q));
            out.put(TensorNames.layer(layer, TensorNames.K), TensorRows.slice(t, TensorNames.layer(layer, TensorNames.K), q, kv));
            out.put(TensorNames.layer(layer, TensorNames.V), TensorRows.slice(t, TensorNames.layer(layer, TensorNames.V), q + kv, kv));
            return;
        }
        if (what.equals("ffn_up.weight") && t.shape()[0] == 2L * shape.intermediate()) {
            // phi3: gate and up in one projection, gate first (Phi3MLP's chunk(2)).
            String gate = TensorNames.layer(layer, TensorNames.GATE);
            String up = TensorNames.layer(layer, TensorNames.UP);
            out.put(gate, TensorRows.slice(t, gate, 0, shape.intermediate()));
            out.put(up, TensorRows.slice(t, up, shape.intermediate(), shape.intermediate()));
            return;
        }
        String hf = LAYER_NAMES.get(what);
        if (hf == null) {
            throw unknown(t.name());
        }
        if (what.equals("ffn_norm.weight") && shape.architecture().equals("gemma2")) {
            hf = TensorNames.PRE_FEEDFORWARD_NORM; // gemma2's ffn_norm comes before the MLP, post_ffw_norm after
        }
        String name = TensorNames.layer(layer, hf);
        Tensor renamed = renamed(t, name);
        if (PERMUTED.contains(shape.architecture()) && (what.startsWith("attn_q.") || what.startsWith("attn_k."))) {
            renamed = TensorRows.unpermuteRotary(renamed, what.startsWith("attn_q.") ? shape.heads() : shape.kvHeads());
        }
        out.put(name, renamed);
    }

    private static Tensor renamed(Tensor t, String name) {
        return new Tensor(name, t.shape(), t.type(), t.bytes());
    }

    private static Tensor tensor(GgufFile file, TensorInfo info) throws IOException {
        TensorType type = GgmlTypes.type(info);
        long[] shape = info.shape();
        long bytes;
        try {
            bytes = type.bytesFor(Tensor.elements(shape));
        } catch (IllegalArgumentException e) {
            throw new Unprocessable("model_format", "GGUF tensor " + info.name() + ": " + e.getMessage());
        }
        return new Tensor(info.name(), shape, type, file.map(info, bytes));
    }

    private static Unprocessable unknown(String name) {
        return new Unprocessable("model_unsupported", "the GGUF has a tensor " + name
                + " that a Llama-family decoder does not have; Porter cannot import it");
    }
}
