package app.porter.modelimport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.inference.TinyLlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference decoder against a real ONNX Runtime run of the generic TinyLlama export built from the same random
 * weights: every prefill position's logits and each decode step's, within 1e-4.
 */
class ReferenceDecoderTest {

    static final int VOCAB = TinyLlama.vocabulary(List.of()).size();

    @TempDir
    Path dir;

    @Test
    void equalsOnnxRuntimeOnTheGenericExportWithGroupedQueryAttention() throws Exception {
        // 4 query heads sharing 2 key/value heads
        compare(TinyLlama.Spec.tiny(VOCAB), dir.resolve("gqa"));
    }

    @Test
    void equalsOnnxRuntimeWithOneKeyValueHeadAndWiderLayers() throws Exception {
        TinyLlama.Spec spec = new TinyLlama.Spec(VOCAB, 64, 3, 4, 1, 16, 96, 256, 7, false, false, false, null,
                new int[0]);
        compare(spec, dir.resolve("mqa"));
    }

    private void compare(TinyLlama.Spec spec, Path folder) throws Exception {
        Map<String, float[]> weights = TinyLlamaCheckpoint.write(spec, folder, Map.of());
        Checkpoint checkpoint = TinyLlamaCheckpoint.checkpoint(spec, weights);
        ReferenceDecoder reference = new ReferenceDecoder(checkpoint);
        ReferenceDecoder.Cache cache = reference.newCache();
        int[] prompt = {1, 40, 77, 201, 5, 300 % VOCAB, 12};
        double largest = 0;
        try (OnnxDecoderRun graph = OnnxDecoderRun.open(folder, checkpoint.shape(), 1);
             OnnxDecoderRun.Sequence sequence = graph.start()) {
            float[][] expected = reference.forward(prompt, cache);
            float[][] actual = sequence.forward(prompt);
            assertEquals(prompt.length, actual.length, "the generic export returns every position's logits");
            for (int s = 0; s < prompt.length; s++) {
                largest = Math.max(largest, assertClose(expected[s], actual[s], "prefill position " + s));
            }
            for (int step = 1; step <= 6; step++) {
                int next = ReferenceMath.argmax(expected[expected.length - 1]);
                expected = reference.forward(new int[]{next}, cache);
                actual = sequence.forward(new int[]{next});
                largest = Math.max(largest, assertClose(expected[0], actual[0], "decode step " + step));
            }
        }
        assertEquals(prompt.length + 6, cache.length());
        assertTrue(largest > 0, "two independent implementations round differently somewhere");
    }

    private static double assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length);
        double largest = 0;
        for (int v = 0; v < expected.length; v++) {
            double error = Math.abs(expected[v] - actual[v]);
            largest = Math.max(largest, error);
            assertTrue(error <= 1e-4, where + ", token " + v + ": reference " + expected[v] + ", ONNX Runtime "
                    + actual[v]);
        }
        return largest;
    }
}
