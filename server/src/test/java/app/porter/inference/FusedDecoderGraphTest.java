package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.porter.modelimport.Checkpoint;
import app.porter.modelimport.DecoderShape;
import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.TensorType;
import app.porter.modelimport.TestCheckpoints;
import app.porter.modelimport.WeightFormat;

/**
 * The fused graph FusedDecoderWriter writes, run by Porter's own forward pass against the generic TinyLlama export
 * of the same weights: equal logits on f32 (prefill, chunked prefill, decode steps, a left-padded batch), bounded
 * error when the weights are rounded to 8 or 4 bits.
 */
class FusedDecoderGraphTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());
    // head size 16 and hidden 64: GroupQueryAttention wants heads of a multiple of 8, MatMulNBits blocks of 32
    static final TinyLlama.Spec SPEC = new TinyLlama.Spec(VOCAB.size(), 64, 2, 4, 2, 16, 128, 256, 11, false,
            false, false, null, new int[0]);

    @TempDir
    static Path dir;
    static Path generic;
    static Checkpoint checkpoint;

    @BeforeAll
    static void exportGeneric() throws Exception {
        generic = TinyLlama.folder(dir.resolve("generic"), SPEC, VOCAB);
        DecoderShape shape = TestCheckpoints.tinyLlamaShape(SPEC.vocab(), SPEC.hidden(), SPEC.layers(), SPEC.heads(),
                SPEC.kvHeads(), SPEC.headDim(), SPEC.intermediate(), SPEC.maxPositions());
        checkpoint = TestCheckpoints.fromTinyLlama(generic, shape);
    }

    static Path fused(String name, Checkpoint c, WeightFormat format) throws Exception {
        Path folder = dir.resolve(name);
        FusedDecoderWriter.write(c, format, folder, ImportProgress.SILENT);
        return folder;
    }

    static final int[] PROMPT = {1, 290, 301, 270, 288, 300, 283, 270, 305};

    /** Prefill in chunks, then greedy decode steps: each step's logits (the first list entry is the prefill's). */
    static List<float[]> run(DecoderModel model, int[] prompt, int chunk, int steps) throws Exception {
        List<float[]> logits = new ArrayList<>();
        KvCache cache = KvCache.empty(model.signature(), 1);
        DecoderModel.Step step = null;
        for (int at = 0; at < prompt.length; at += chunk) {
            int[] part = java.util.Arrays.copyOfRange(prompt, at, Math.min(prompt.length, at + chunk));
            step = model.run(new int[][]{part}, cache);
            cache.close();
            cache = step.cache();
        }
        logits.add(step.logits()[0]);
        for (int i = 0; i < steps; i++) {
            int next = Sampler.argmax(step.logits()[0]);
            step = model.run(new int[][]{{next}}, cache);
            cache.close();
            cache = step.cache();
            logits.add(step.logits()[0]);
        }
        cache.close();
        return logits;
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double range(float[] a) {
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    @Test
    void f32GraphGivesTheGenericExportsLogitsForPrefillChunksAndDecodeSteps() throws Exception {
        try (DecoderModel reference = DecoderModel.load(generic, 1);
             DecoderModel fused = DecoderModel.load(fused("f32", checkpoint, WeightFormat.F32), 1)) {
            assertEquals(reference.signature().layers(), fused.signature().layers());
            assertEquals(SPEC.kvHeads(), fused.signature().kvHeads());
            assertEquals(SPEC.headDim(), fused.signature().headDim());
            assertTrue(fused.canBatch());
            List<float[]> expected = run(reference, PROMPT, PROMPT.length, 6);
            for (int chunk : new int[]{PROMPT.length, 4}) {
                List<float[]> actual = run(fused, PROMPT, chunk, 6);
                for (int i = 0; i < expected.size(); i++) {
                    assertTrue(maxDifference(expected.get(i), actual.get(i)) < 1e-4,
                            "chunk " + chunk + ", step " + i + ": " + maxDifference(expected.get(i), actual.get(i)));
                }
            }
        }
    }

    /**
     * The fused graph shares its past buffer: a step writes into the cache's room in place (the same tensors come
     * back), and a prompt chunk or a decode step that outgrows the room is copied once into a roomier cache; the
     * logits stay the generic export's throughout (prompt 150 tokens in chunks of 100 crosses the first room, 130
     * decode steps after a short prompt cross it in a step).
     */
    @Test
    void aSharedBufferCacheGrowsInPlaceAndOutgrowsItsRoomWithTheGenericExportsLogits() throws Exception {
        int[] longPrompt = new int[150];
        for (int i = 0; i < longPrompt.length; i++) {
            longPrompt[i] = 260 + (i * 7) % 40;
        }
        try (DecoderModel reference = DecoderModel.load(generic, 1);
             DecoderModel fused = DecoderModel.load(fused("shared", checkpoint, WeightFormat.F32), 1)) {
            assertTrue(fused.signature().sharesPastBuffer());
            assertFalse(reference.signature().sharesPastBuffer(), "a generic export copies its past");
            for (int[] prompt : List.of(longPrompt, PROMPT)) {
                int steps = prompt == PROMPT ? KvCache.MIN_ROOM + 2 : 10;
                List<float[]> expected = run(reference, prompt, prompt.length, steps);
                List<float[]> actual = run(fused, prompt, 100, steps);
                for (int i = 0; i < expected.size(); i++) {
                    assertTrue(maxDifference(expected.get(i), actual.get(i)) < 1e-4, "prompt of " + prompt.length
                            + ", step " + i + ": " + maxDifference(expected.get(i), actual.get(i)));
                }
            }

            DecoderModel.Step first = prefill(fused, PROMPT);
            KvCache cache = first.cache();
            assertEquals(PROMPT.length, cache.capacity);
            assertEquals(KvCache.roomFor(fused.signature(), 0), cache.room, "the empty cache's room held the prompt");
            ai.onnxruntime.OnnxTensor keys = cache.keys[0];
            DecoderModel.Step step = fused.run(new int[][]{{Sampler.argmax(first.logits()[0])}}, cache);
            assertSame(keys, step.cache().keys[0], "the step wrote into the past's own tensors");
            assertEquals(PROMPT.length + 1, step.cache().capacity);
            cache.close(); // handed on: frees nothing
            assertEquals(PROMPT.length + 1, step.cache().row(0).length());
            step.cache().close();
        }
    }

    @Test
    void aLeftPaddedBatchOfTwoGivesEachRowItsOwnLogits() throws Exception {
        try (DecoderModel fused = DecoderModel.load(fused("batch", checkpoint, WeightFormat.F32), 1)) {
            int[] shortPrompt = {1, 300, 288, 301};
            int[] longPrompt = PROMPT;
            List<float[]> shortAlone = run(fused, shortPrompt, shortPrompt.length, 3);
            List<float[]> longAlone = run(fused, longPrompt, longPrompt.length, 3);

            DecoderSignature s = fused.signature();
            DecoderModel.Step a = prefill(fused, shortPrompt);
            DecoderModel.Step b = prefill(fused, longPrompt);
            int[] next = {Sampler.argmax(a.logits()[0]), Sampler.argmax(b.logits()[0])};
            KvCache batch = KvCache.pack(a.cache().memory(), s, List.of(a.cache().row(0), b.cache().row(0)));
            a.cache().close();
            b.cache().close();
            for (int i = 1; i <= 3; i++) {
                DecoderModel.Step step = fused.run(new int[][]{{next[0]}, {next[1]}}, batch);
                batch.close();
                batch = step.cache();
                assertTrue(maxDifference(shortAlone.get(i), step.logits()[0]) < 1e-4, "short row, step " + i);
                assertTrue(maxDifference(longAlone.get(i), step.logits()[1]) < 1e-4, "long row, step " + i);
                next = new int[]{Sampler.argmax(step.logits()[0]), Sampler.argmax(step.logits()[1])};
            }
            batch.close();
        }
    }

    private static DecoderModel.Step prefill(DecoderModel model, int[] prompt) throws Exception {
        try (KvCache empty = KvCache.empty(model.signature(), 1)) {
            return model.run(new int[][]{prompt}, empty);
        }
    }

    /**
     * Hugging Face's sliding_window W lets a query see W keys, itself included: a window as wide as the prompt
     * changes nothing, one key narrower changes the last position's logits.
     */
    @Test
    void aSlidingWindowOfWSeesWKeysAsHuggingFaceCounts() throws Exception {
        try (DecoderModel reference = DecoderModel.load(generic, 1)) {
            float[] full = run(reference, PROMPT, PROMPT.length, 0).getFirst();
            for (int window : new int[]{PROMPT.length, PROMPT.length - 1}) {
                DecoderShape s = checkpoint.shape();
                DecoderShape.Variant v = new DecoderShape.Variant(DecoderShape.Activation.SILU,
                        DecoderShape.QkNorm.NONE, false, false, 0, 1, 1, Double.NaN, 1, 0, 0, window,
                        java.util.Optional.empty());
                DecoderShape mistral = new DecoderShape("mistral", s.vocabSize(), s.hidden(), s.layers(), s.heads(),
                        s.kvHeads(), s.headDim(), s.intermediate(), s.maxPositions(), s.ropeTheta(), s.rmsEps(), true,
                        v, 1, new int[]{2});
                Checkpoint windowed = new Checkpoint(mistral, checkpoint.tensors(), checkpoint.tokenizer(), "test");
                try (DecoderModel fused = DecoderModel.load(fused("window" + window, windowed, WeightFormat.F32), 1)) {
                    double difference = maxDifference(full, run(fused, PROMPT, PROMPT.length, 0).getFirst());
                    assertTrue(window == PROMPT.length ? difference < 1e-4 : difference > 1e-2,
                            "window " + window + ": " + difference);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT8, 0.03", "INT4, 0.25"})
    void quantizedGraphsStayWithinABoundOfTheF32Logits(WeightFormat format, double bound) throws Exception {
        try (DecoderModel reference = DecoderModel.load(generic, 1);
             DecoderModel quantized = DecoderModel.load(fused(format.name(), checkpoint, format), 1)) {
            List<float[]> expected = run(reference, PROMPT, PROMPT.length, 0);
            List<float[]> actual = run(quantized, PROMPT, PROMPT.length, 0);
            double error = maxDifference(expected.getFirst(), actual.getFirst()) / range(expected.getFirst());
            assertTrue(error < bound, format + ": error " + error + " of the logit range");
            assertTrue(error > 0, "rounded weights cannot give the f32 logits exactly");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Q8_0, 0.02", "Q4_0, 0.02", "Q4_K, 0.02"})
    void ggmlBlocksKeptAsSourceMatchTheirFloatValues(TensorType type, double bound) throws Exception {
        Checkpoint blocks = TestCheckpoints.withLinearWeightsAs(checkpoint, type);
        try (DecoderModel reference = DecoderModel.load(fused(type + "-ref", TestCheckpoints.dequantized(blocks),
                WeightFormat.F32), 1);
             DecoderModel kept = DecoderModel.load(fused(type.name(), blocks, WeightFormat.AS_SOURCE), 1)) {
            float[] expected = run(reference, PROMPT, PROMPT.length, 0).getFirst();
            float[] actual = run(kept, PROMPT, PROMPT.length, 0).getFirst();
            // only the activations' int8 rounding (accuracy_level 4) separates them: the weights are the same values
            double error = maxDifference(expected, actual) / range(expected);
            assertTrue(error < bound, type + ": error " + error);
            assertArrayEquals(new int[]{Sampler.argmax(expected)}, new int[]{Sampler.argmax(actual)});
        }
    }
}
