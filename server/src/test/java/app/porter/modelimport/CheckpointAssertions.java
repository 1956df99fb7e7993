package app.porter.modelimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.TreeSet;

/** Compares what a reader gave back with what a writer was given. */
final class CheckpointAssertions {

    private CheckpointAssertions() {
    }

    /**
     * Same dimensions and variant; float metadata that a GGUF stores as f32 compared at f32 precision, an unstated
     * attention scale taken as the 1/sqrt(head size) it stands for.
     */
    static void sameShape(DecoderShape expected, DecoderShape actual) {
        assertEquals(expected.vocabSize(), actual.vocabSize(), "vocab");
        assertEquals(expected.hidden(), actual.hidden(), "hidden");
        assertEquals(expected.layers(), actual.layers(), "layers");
        assertEquals(expected.heads(), actual.heads(), "heads");
        assertEquals(expected.kvHeads(), actual.kvHeads(), "kv heads");
        assertEquals(expected.headDim(), actual.headDim(), "head dim");
        assertEquals(expected.intermediate(), actual.intermediate(), "intermediate");
        assertEquals(expected.maxPositions(), actual.maxPositions(), "window");
        assertEquals((float) expected.ropeTheta(), (float) actual.ropeTheta(), "rope theta");
        assertEquals((float) expected.rmsEps(), (float) actual.rmsEps(), "rms eps");
        assertEquals(expected.tiedEmbeddings(), actual.tiedEmbeddings(), "tied");
        assertEquals(expected.bosTokenId(), actual.bosTokenId(), "bos");
        assertArrayEquals(expected.eosTokenIds(), actual.eosTokenIds(), "eos");
        DecoderShape.Variant e = expected.variant();
        DecoderShape.Variant a = actual.variant();
        assertEquals(e.activation(), a.activation(), "activation");
        assertEquals(e.qkNorm(), a.qkNorm(), "qk norm");
        assertEquals(e.attentionBias(), a.attentionBias(), "bias");
        assertEquals(e.postNorms(), a.postNorms(), "post norms");
        assertEquals(e.normWeightOffset(), a.normWeightOffset(), "norm offset");
        assertEquals((float) e.embeddingScale(), (float) a.embeddingScale(), "embedding scale");
        assertEquals((float) e.residualScale(), (float) a.residualScale(), "residual scale");
        assertEquals((float) attentionScale(expected), (float) attentionScale(actual), "attention scale");
        assertEquals((float) e.logitScale(), (float) a.logitScale(), "logit scale");
        assertEquals((float) e.logitSoftcap(), (float) a.logitSoftcap(), "logit softcap");
        assertEquals((float) e.attentionSoftcap(), (float) a.attentionSoftcap(), "attention softcap");
        assertEquals(e.slidingWindow(), a.slidingWindow(), "sliding window");
        assertEquals(e.ropeScaling().isPresent(), a.ropeScaling().isPresent(), "rope scaling");
        e.ropeScaling().ifPresent(r -> {
            DecoderShape.RopeScaling got = a.ropeScaling().orElseThrow();
            assertEquals((float) r.factor(), (float) got.factor(), "rope factor");
            assertEquals(r.lowFreqFactor(), got.lowFreqFactor(), "low freq factor");
            assertEquals(r.highFreqFactor(), got.highFreqFactor(), "high freq factor");
            assertEquals(r.originalMaxPositions(), got.originalMaxPositions(), "original window");
        });
    }

    private static double attentionScale(DecoderShape s) {
        double scale = s.variant().attentionScale();
        return Double.isNaN(scale) ? 1 / Math.sqrt(s.headDim()) : scale;
    }

    /**
     * The same tensor names and shapes; each tensor stored as {@code type} (where its rows fill whole blocks) and
     * decoding to exactly what the writer encoded, plus {@code normShift} on norm weights.
     */
    static void sameTensors(Checkpoint written, Checkpoint read, TensorType type, float normShift) {
        assertEquals(new TreeSet<>(written.tensors().keySet()), new TreeSet<>(read.tensors().keySet()));
        for (Tensor w : written.tensors().values()) {
            Tensor r = read.require(w.name());
            assertArrayEquals(w.shape(), r.shape(), w.name());
            TensorType stored = GgufWriter.storedType(w.shape(), type);
            assertEquals(stored, r.type(), w.name());
            float[] x = w.toFloats();
            if (w.name().endsWith("norm.weight")) {
                for (int i = 0; i < x.length; i++) {
                    x[i] += normShift;
                }
            }
            float[] expected = Quantizer.quantize(stored, x).decoded();
            float[] actual = r.toFloats();
            if (!Arrays.equals(expected, actual)) {
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], w.name() + " element " + i);
                }
            }
        }
    }
}
