package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a checkpoint as a model folder the engine runs: {@code model.onnx} (plus its external weights file) built
 * from ONNX Runtime's fused contrib operators, with the decoder signature {@code DecoderSignature} discovers,
 * and {@code config.json}, {@code generation_config.json} and the tokenizer files beside it.
 */
public final class FusedDecoderWriter {

    private FusedDecoderWriter() {
    }

    public static void write(Checkpoint checkpoint, WeightFormat format, Path folder, ImportProgress progress)
            throws IOException {
        throw new UnsupportedOperationException("the fused graph writer is not built yet");
    }
}
