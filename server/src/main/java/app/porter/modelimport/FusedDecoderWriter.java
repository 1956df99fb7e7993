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
     * MatMulNBits' accuracy_level 4: activations quantized to int8 per block, so the int8 dot-product kernels run
     * (on x86 AVX2/AVX-512 VNNI). Measured fastest for both 4- and 8-bit weights on the benchmark's machine;
     * its error stays within the bounds the tests hold quantized graphs to.
     */
    static final int ACCURACY_LEVEL = 4;

    private FusedDecoderWriter() {
    }

    public static void write(Checkpoint checkpoint, WeightFormat format, Path folder, ImportProgress progress)
            throws IOException {
        Files.createDirectories(folder);
        try (OnnxGraphBuilder graph = new OnnxGraphBuilder(checkpoint.shape().architecture(),
                folder.resolve(DATA_FILE))) {
            new FusedGraph(checkpoint, format, graph, ACCURACY_LEVEL).build(progress);
            graph.writeModel(folder.resolve(MODEL_FILE), "porter-import");
        }
        ModelFolderFiles.write(checkpoint, format, folder);
    }
}
