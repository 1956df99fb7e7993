package app.porter.modelimport;

import java.util.Map;
import java.util.Optional;

/**
 * A decoder checkpoint read from a GGUF file or a safetensors folder, before it becomes an ONNX model folder: its
 * shape, its weights under canonical names ({@link TensorNames}) in Hugging Face layout, and its tokenizer.
 *
 * @param source where it was read from, for the manifest (a file name, never a tenant's text)
 */
public record Checkpoint(DecoderShape shape, Map<String, Tensor> tensors, TokenizerFiles tokenizer, String source) {

    public Checkpoint {
        tensors = Map.copyOf(tensors);
    }

    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor, or a clear refusal naming what the checkpoint lacks. */
    public Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the checkpoint has no tensor " + name);
        }
        return t;
    }

    /** The LM head: its own tensor, or the token embedding when tied. */
    public Tensor lmHead() {
        return shape.tiedEmbeddings() ? require(TensorNames.EMBED) : require(TensorNames.LM_HEAD);
    }
}
