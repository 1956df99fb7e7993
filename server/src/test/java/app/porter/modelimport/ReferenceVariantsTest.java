package app.porter.modelimport;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import app.porter.modelimport.DecoderShape.Activation;
import app.porter.modelimport.DecoderShape.QkNorm;

import static app.porter.modelimport.SmallCheckpoints.HIDDEN;
import static app.porter.modelimport.SmallCheckpoints.MLP;
import static app.porter.modelimport.SmallCheckpoints.VOCAB;
import static app.porter.modelimport.SmallCheckpoints.lastLogits;
import static app.porter.modelimport.SmallCheckpoints.scaled;
import static app.porter.modelimport.SmallCheckpoints.shape;
import static app.porter.modelimport.SmallCheckpoints.variant;
import static app.porter.modelimport.SmallCheckpoints.weights;
import static app.porter.modelimport.TensorNames.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The family variants no ONNX export here can check, each against values computed independently: the building
 * blocks against numbers worked out from Hugging Face's formulas, whole hand-sized models against a forward pass
 * written out in the test, or against what a variant's placement must leave unchanged (a norm after a projection
 * removes that projection's scale; one before it does not).
 */
class ReferenceVariantsTest {

    private static final int[] PROMPT = {3, 1, 4, 5};

    @Test
    void activationsAndSoftCappingMatchPyTorchsFormulas() {
        assertEquals(0.8411919906082768, ReferenceMath.geluTanh(1), 1e-12); // torch gelu(1, approximate="tanh")
        assertEquals(-0.04540230591222494, ReferenceMath.geluTanh(-2), 1e-12);
        assertEquals(0.7310585786300049, ReferenceMath.silu(1), 1e-12);
        assertEquals(29.92373902421512, ReferenceMath.softcap(100, 30), 1e-9); // 30 * tanh(100 / 30)
        assertEquals(100, ReferenceMath.softcap(100, 0));
    }

    @Test
    void rmsNormWithGemmasWeightOffset() {
        float[] x = {3, 4};
        ReferenceMath.rmsNorm(x, 0, 2, new float[]{0, 1}, 0, 1); // rms = sqrt(12.5); weights (0 + 1, 1 + 1)
        assertEquals(3 / Math.sqrt(12.5), x[0], 1e-6);
        assertEquals(8 / Math.sqrt(12.5), x[1], 1e-6);
    }

    @Test
    void ropeRotatesTheFirstHalfAgainstTheSecond() {
        float[] x = {9, 1, 2, 3, 4};
        ReferenceMath.rope(x, 1, 4, 1, new double[]{1, 0.01}); // the head starts at 1; pairs (1, 3) and (2, 4)
        assertEquals(9, x[0]);
        assertEquals(1 * Math.cos(1) - 3 * Math.sin(1), x[1], 1e-6);
        assertEquals(2 * Math.cos(0.01) - 4 * Math.sin(0.01), x[2], 1e-6);
        assertEquals(3 * Math.cos(1) + 1 * Math.sin(1), x[3], 1e-6);
        assertEquals(4 * Math.cos(0.01) + 2 * Math.sin(0.01), x[4], 1e-6);
    }

    @Test
    void llama3RopeScalingKeepsShortWavelengthsDividesLongOnesAndBlendsBetween() {
        // Llama 3.1: head 128, theta 500000, factor 8, low 1, high 4, original window 8192
        double[] inv = ReferenceMath.inverseFrequencies(128, 500000,
                new DecoderShape.RopeScaling(8, 1, 4, 8192));
        assertEquals(1.0, inv[0], 1e-15);
        assertEquals(Math.pow(500000, -56 / 128.0), inv[28], 1e-15); // wavelength 1967 < 2048: kept
        assertEquals(0.002166570763503359, inv[29], 1e-15);          // wavelength 2402: blended
        assertEquals(0.00017850781276799638, inv[34], 1e-15);        // wavelength 6695: blended
        assertEquals(3.068925988914511e-07, inv[63], 1e-20);         // past 8192: divided by 8
        assertEquals(Math.pow(500000, -2 * 40 / 128.0),
                ReferenceMath.inverseFrequencies(128, 500000, null)[40], 1e-18);
    }

    @Test
    void gemmaBlockByHandGeluTanhMlpEmbeddingScaleAndNormOffset() {
        DecoderShape gemma = shape("gemma", 1, variant(Activation.GELU_TANH, QkNorm.NONE, false, false, 1,
                Math.sqrt(HIDDEN), 1, 1, 0, 0, 0), true);
        Map<String, float[]> w = new HashMap<>(weights(gemma, 11));
        w.put(layer(0, TensorNames.O), new float[HIDDEN * HIDDEN]); // attention adds nothing: the MLP is checked
        float[] logits = lastLogits(gemma, w, 4);

        double[] x = new double[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            x[i] = w.get(TensorNames.EMBED)[4 * HIDDEN + i] * Math.sqrt(HIDDEN);
        }
        double[] h = norm(x, w.get(layer(0, TensorNames.POST_ATTENTION_NORM)), 1);
        double[] act = new double[MLP];
        for (int j = 0; j < MLP; j++) {
            double g = dot(w.get(layer(0, TensorNames.GATE)), j, h);
            double u = dot(w.get(layer(0, TensorNames.UP)), j, h);
            act[j] = 0.5 * g * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g))) * u;
        }
        for (int i = 0; i < HIDDEN; i++) {
            x[i] += dot(w.get(layer(0, TensorNames.DOWN)), i, act);
        }
        double[] out = norm(x, w.get(TensorNames.FINAL_NORM), 1);
        for (int v = 0; v < VOCAB; v++) {
            assertEquals(dot(w.get(TensorNames.EMBED), v, out), logits[v], 1e-5, "token " + v);
        }
    }

    @Test
    void qwen2ValueBiasReachesTheOutputThroughEverySharedHead() {
        DecoderShape qwen2 = shape("qwen2", 1, variant(Activation.SILU, QkNorm.NONE, true, false, 0, 1, 1, 1, 0, 0,
                0), true);
        Map<String, float[]> w = new HashMap<>(weights(qwen2, 12));
        w.put(layer(0, TensorNames.V), new float[2 * HIDDEN]);    // v = its bias for every token
        w.put(layer(0, TensorNames.DOWN), new float[HIDDEN * MLP]); // the MLP adds nothing
        float[] identity = new float[HIDDEN * HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            identity[i * HIDDEN + i] = 1;
        }
        w.put(layer(0, TensorNames.O), identity);
        float[] logits = lastLogits(qwen2, w, PROMPT);

        // Whatever the attention pattern, both query heads read key/value head 0: its value is the bias.
        float[] bias = w.get(layer(0, TensorNames.V_BIAS));
        double[] x = new double[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            x[i] = w.get(TensorNames.EMBED)[5 * HIDDEN + i] + bias[i % 2];
        }
        double[] out = norm(x, w.get(TensorNames.FINAL_NORM), 0);
        for (int v = 0; v < VOCAB; v++) {
            assertEquals(dot(w.get(TensorNames.EMBED), v, out), logits[v], 1e-5, "token " + v);
        }
    }

    @Test
    void qwen3NormalisesEachHeadAndOlmo2TheWholeProjection() {
        DecoderShape perHead = shape("qwen3", 1, variant(Activation.SILU, QkNorm.PER_HEAD, false, false, 0, 1, 1, 1,
                0, 0, 0), true);
        Map<String, float[]> w = weights(perHead, 13);
        String q = layer(0, TensorNames.Q);
        float[] base = lastLogits(perHead, w, PROMPT);
        // Scaling one head's query rows (head 1: rows 2-3 of [4, 4]) leaves a per-head norm unchanged
        assertClose(base, lastLogits(perHead, scaled(w, q, 10, 2 * HIDDEN, 4 * HIDDEN), PROMPT), 1e-5);

        DecoderShape whole = shape("olmo2", 1, variant(Activation.SILU, QkNorm.WHOLE, false, false, 0, 1, 1, 1, 0,
                0, 0), true);
        Map<String, float[]> wholeWeights = weights(whole, 13);
        float[] wholeBase = lastLogits(whole, wholeWeights, PROMPT);
        assertClose(wholeBase, lastLogits(whole, scaled(wholeWeights, q, 10, 0, 4 * HIDDEN), PROMPT), 1e-5);
        assertDiffers(wholeBase, lastLogits(whole, scaled(wholeWeights, q, 10, 2 * HIDDEN, 4 * HIDDEN), PROMPT));

        DecoderShape none = shape("llama", 1, DecoderShape.Variant.llama(), true);
        Map<String, float[]> plain = weights(none, 13);
        assertDiffers(lastLogits(none, plain, PROMPT), lastLogits(none, scaled(plain, q, 10, 0, 4 * HIDDEN), PROMPT));
    }

    @Test
    void postNormsRemoveTheScaleOfAttentionAndMlpOutputsPreNormsDoNot() {
        DecoderShape olmo2 = shape("olmo2", 2, variant(Activation.SILU, QkNorm.WHOLE, false, true, 0, 1, 1, 1, 0, 0,
                0), true);
        DecoderShape gemma2 = shape("gemma2", 2, variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, 2, 1, 1,
                30, 50, 0), true);
        for (DecoderShape post : new DecoderShape[]{olmo2, gemma2}) {
            Map<String, float[]> w = weights(post, 14);
            float[] base = lastLogits(post, w, PROMPT);
            assertClose(base, lastLogits(post, scaled(w, layer(0, TensorNames.O), 7, 0, HIDDEN * HIDDEN), PROMPT),
                    1e-5);
            assertClose(base, lastLogits(post, scaled(w, layer(1, TensorNames.DOWN), 7, 0, HIDDEN * MLP), PROMPT),
                    1e-5);
        }
        Map<String, float[]> sandwich = weights(gemma2, 14);
        assertDiffers(lastLogits(gemma2, sandwich, PROMPT), lastLogits(gemma2,
                scaled(sandwich, layer(1, TensorNames.PRE_FEEDFORWARD_NORM), 3, 0, 2), PROMPT));

        DecoderShape llama = shape("llama", 2, DecoderShape.Variant.llama(), true);
        Map<String, float[]> w = weights(llama, 14);
        assertDiffers(lastLogits(llama, w, PROMPT),
                lastLogits(llama, scaled(w, layer(0, TensorNames.O), 7, 0, HIDDEN * HIDDEN), PROMPT));
    }

    @Test
    void gemma2SlidesOnEvenLayersOnlyMistralOnAll() {
        // A window of one token: a sliding layer attends to the token itself, so earlier tokens cannot matter
        DecoderShape gemma2 = shape("gemma2", 2, variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, 2, 1, 1,
                0, 0, 1), true);
        Map<String, float[]> w = weights(gemma2, 15);
        Map<String, float[]> fullLayerSilent = new HashMap<>(w);
        fullLayerSilent.put(layer(1, TensorNames.O), new float[HIDDEN * HIDDEN]);
        assertClose(lastLogits(gemma2, fullLayerSilent, 5), lastLogits(gemma2, fullLayerSilent, PROMPT[0], 2, 5),
                1e-5);
        Map<String, float[]> slidingLayerSilent = new HashMap<>(w);
        slidingLayerSilent.put(layer(0, TensorNames.O), new float[HIDDEN * HIDDEN]);
        assertDiffers(lastLogits(gemma2, slidingLayerSilent, 5),
                lastLogits(gemma2, slidingLayerSilent, PROMPT[0], 2, 5));

        DecoderShape mistral = shape("mistral", 2, variant(Activation.SILU, QkNorm.NONE, false, false, 0, 1, 1, 1, 0,
                0, 1), true);
        Map<String, float[]> m = weights(mistral, 15);
        assertClose(lastLogits(mistral, m, 5), lastLogits(mistral, m, PROMPT[0], 2, 5), 1e-5);
        DecoderShape wide = shape("mistral", 2, variant(Activation.SILU, QkNorm.NONE, false, false, 0, 1, 1, 1, 0, 0,
                2), true);
        assertDiffers(lastLogits(wide, m, 5), lastLogits(wide, m, PROMPT[0], 2, 5));
    }

    @Test
    void attentionSoftcapComesBeforeTheSoftmax() {
        // A cap near zero flattens every score to ~0: uniform attention, as zero queries give without a cap.
        DecoderShape capped = shape("gemma2", 1, variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, 2, 1, 1,
                0, 1e-6, 0), true);
        DecoderShape uncapped = shape("gemma2", 1, variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, 2, 1,
                1, 0, 0, 0), true);
        Map<String, float[]> w = weights(capped, 16);
        Map<String, float[]> zeroQueries = new HashMap<>(w);
        zeroQueries.put(layer(0, TensorNames.Q), new float[2 * 2 * HIDDEN]);
        assertClose(lastLogits(uncapped, zeroQueries, PROMPT), lastLogits(capped, w, PROMPT), 1e-5);
        assertDiffers(lastLogits(uncapped, w, PROMPT), lastLogits(capped, w, PROMPT));
    }

    @Test
    void finalSoftcapGraniteMultipliersAndAnUntiedHead() {
        DecoderShape plain = shape("llama", 2, DecoderShape.Variant.llama(), false);
        Map<String, float[]> w = weights(plain, 17);
        float[] base = lastLogits(plain, w, PROMPT);
        float[] capped = lastLogits(shape("gemma2", 2, new DecoderShape.Variant(Activation.SILU, QkNorm.NONE, false,
                false, 0, 1, 1, Double.NaN, 1, 0.5, 0, 0, Optional.empty()), false), w, PROMPT);
        float[] granite = lastLogits(shape("granite", 2, new DecoderShape.Variant(Activation.SILU, QkNorm.NONE,
                false, false, 0, 1, 1, Double.NaN, 4, 0, 0, 0, Optional.empty()), false), w, PROMPT);
        for (int v = 0; v < VOCAB; v++) {
            assertEquals(0.5 * Math.tanh(base[v] / 0.5), capped[v], 1e-6);
            assertEquals(base[v] / 4, granite[v], 1e-6);
        }
        // The untied head is lm_head, not the embedding: doubling it doubles the logits
        assertClose(scale(base, 2), lastLogits(plain, scaled(w, TensorNames.LM_HEAD, 2, 0, VOCAB * HIDDEN), PROMPT),
                1e-5);

        // granite's residual multiplier 0: the blocks vanish, logits = head . norm(embedding * multiplier)
        DecoderShape noBlocks = shape("granite", 2, new DecoderShape.Variant(Activation.SILU, QkNorm.NONE, false,
                false, 0, 12, 0, 0.3, 1, 0, 0, 0, Optional.empty()), false);
        float[] logits = lastLogits(noBlocks, w, PROMPT);
        double[] x = new double[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            x[i] = w.get(TensorNames.EMBED)[5 * HIDDEN + i] * 12;
        }
        double[] out = norm(x, w.get(TensorNames.FINAL_NORM), 0);
        for (int v = 0; v < VOCAB; v++) {
            assertEquals(dot(w.get(TensorNames.LM_HEAD), v, out), logits[v], 1e-5);
        }
    }

    @Test
    void aKeyValueCacheStepEqualsFeedingTheWholeSequence() {
        DecoderShape gemma2 = shape("gemma2", 2, variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, 2, 1, 1,
                30, 50, 2), true);
        ReferenceDecoder decoder = new ReferenceDecoder(SmallCheckpoints.checkpoint(gemma2, weights(gemma2, 18)));
        ReferenceDecoder.Cache cache = decoder.newCache();
        decoder.forward(new int[]{3, 1}, cache);
        decoder.forward(new int[]{4}, cache);
        float[] stepped = decoder.forward(new int[]{5}, cache)[0];
        float[][] whole = decoder.forward(PROMPT, decoder.newCache());
        assertArrayEquals(whole[3], stepped, 1e-5f);
        assertEquals(4, cache.length());
    }

    private static double[] norm(double[] x, float[] w, double offset) {
        double squares = 0;
        for (double v : x) {
            squares += v * v;
        }
        double rms = Math.sqrt(squares / x.length + 1e-12);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / rms * (w[i] + offset);
        }
        return out;
    }

    /** Row {@code row} of a row-major {@code [*, x.length]} matrix times {@code x}. */
    private static double dot(float[] matrix, int row, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += matrix[row * x.length + i] * x[i];
        }
        return sum;
    }

    private static float[] scale(float[] values, float factor) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        for (int v = 0; v < expected.length; v++) {
            assertEquals(expected[v], actual[v], tolerance * Math.max(1, Math.abs(expected[v])), "token " + v);
        }
    }

    private static void assertDiffers(float[] a, float[] b) {
        double largest = 0;
        for (int v = 0; v < a.length; v++) {
            largest = Math.max(largest, Math.abs(a[v] - b[v]));
        }
        assertTrue(largest > 1e-3, "expected the change to show in the logits, largest difference " + largest);
    }
}
