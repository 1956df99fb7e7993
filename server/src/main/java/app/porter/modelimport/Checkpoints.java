package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a decoder checkpoint: a GGUF file, or a Hugging Face folder with {@code config.json}, {@code *.safetensors}
 * and {@code tokenizer.json}. Weights stay in the file (memory-mapped) until the writer needs them.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * @throws app.porter.errors.InvalidInput when the source is neither a GGUF file nor a safetensors folder
     * @throws app.porter.errors.Unprocessable when it is one but holds what Porter cannot import (an architecture
     *         outside the Llama family, a tensor type not supported), with a message saying what and why
     */
    public static Checkpoint read(Path source, ImportProgress progress) throws IOException {
        throw new UnsupportedOperationException("the GGUF and safetensors readers are not built yet");
    }
}
