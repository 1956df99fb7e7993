package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a checkpoint as a model folder the engine runs: {@code model.onnx} (plus its external weights file) built
 * from ONNX Runtime's fused contrib operators, with the decoder signature {@code DecoderSignature} discovers,
 * and {@code config.json}, {@code generation_config.json} and the tokenizer files beside it.
 *
 * <p>The graph is {@link FusedGraph}; how weights are stored per {@link WeightFormat} is {@link WeightPacker}.
 */
public final class FusedDecoderWriter {

    static final String MODEL_FILE = "model.onnx";
    static final String DATA_FILE = "model.onnx_data";

    /**
     * A call that multiplies at least this many rows (batch x sequence: a prompt, since the engine prefills one
     * row at a time) runs the graph's prefill body, fewer rows (decode steps, one row a stream) its step body; see
     * {@link FusedGraph}. Where the two bodies cross on a SmolLM2-135M-sized model (first-token time of prompts of
     * 24 to 96 tokens, 2 threads): at 40 rows for 8-bit weights (0.69x the step body at 24, 0.99x at 40, 1.22x at
     * 64) and at about 28 for 4-bit ones (0.97x at 24, 1.13x at 40).
     */
    static final int PREFILL_ROWS = 40;

    private FusedDecoderWriter() {
    }

    public static void write(Checkpoint checkpoint, WeightFormat format, Path folder, ImportProgress progress)
            throws IOException {
        Files.createDirectories(folder);
        try (OnnxGraphBuilder graph = new OnnxGraphBuilder(checkpoint.shape().architecture(),
                folder.resolve(DATA_FILE))) {
            new FusedGraph(checkpoint, format, graph).build(progress);
            graph.writeModel(folder.resolve(MODEL_FILE), "porter-import");
        }
        ModelFolderFiles.write(checkpoint, format, folder);
    }
}
