package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.porter.modelimport.Checkpoint;
import app.porter.modelimport.DecoderShape;
import app.porter.modelimport.DecoderShape.Activation;
import app.porter.modelimport.DecoderShape.QkNorm;
import app.porter.modelimport.DecoderShape.RopeScaling;
import app.porter.modelimport.DecoderShape.Variant;
import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.TestCheckpoints;
import app.porter.modelimport.WeightFormat;

/**
 * Every family's differences build into a graph the engine loads and runs (its numbers are checked against the
 * reference decoder elsewhere), f32 and int4, and a left-padded batch still gives each row its own logits with the
 * family's extras (softcaps, sliding windows, post norms) in the way.
 */
class FusedDecoderVariantsTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());

    @TempDir
    Path dir;

    static DecoderShape shape(String family) {
        int h = 64;
        Variant llama = Variant.llama();
        Variant v = switch (family) {
            case "qwen2" -> new Variant(Activation.SILU, QkNorm.NONE, true, false, 0, 1, 1, Double.NaN, 1, 0, 0, 0,
                    Optional.empty());
            case "qwen3" -> new Variant(Activation.SILU, QkNorm.PER_HEAD, false, false, 0, 1, 1, Double.NaN, 1, 0, 0,
                    0, Optional.empty());
            case "olmo2" -> new Variant(Activation.SILU, QkNorm.WHOLE, false, true, 0, 1, 1, Double.NaN, 1, 0, 0, 0,
                    Optional.empty());
            case "gemma" -> new Variant(Activation.GELU_TANH, QkNorm.NONE, false, false, 1, Math.sqrt(h), 1,
                    Double.NaN, 1, 0, 0, 0, Optional.empty());
            case "gemma2" -> new Variant(Activation.GELU_TANH, QkNorm.NONE, false, true, 1, Math.sqrt(h), 1,
                    1 / Math.sqrt(24), 1, 30, 50, 4, Optional.empty());
            case "granite" -> new Variant(Activation.SILU, QkNorm.NONE, false, false, 0, 12, 0.22, 0.015625, 8, 0, 0,
                    0, Optional.empty());
            case "mistral" -> new Variant(Activation.SILU, QkNorm.NONE, false, false, 0, 1, 1, Double.NaN, 1, 0, 0,
                    4, Optional.empty());
            case "llama3" -> new Variant(Activation.SILU, QkNorm.NONE, false, false, 0, 1, 1, Double.NaN, 1, 0, 0, 0,
                    Optional.of(new RopeScaling(8, 1, 4, 64)));
            default -> llama;
        };
        // qwen3's heads are wider than hidden / heads; qwen2 and llama3 keep an untied head
        int headDim = family.equals("qwen3") ? 32 : 16;
        boolean tied = !family.equals("qwen2") && !family.equals("llama3");
        String architecture = family.equals("llama3") ? "llama" : family;
        return new DecoderShape(architecture, VOCAB.size(), h, 2, 4, 2, headDim, 128, 256, 10000, 1e-6, tied, v, 1,
                new int[]{2});
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"qwen2", "qwen3", "olmo2", "gemma", "gemma2", "granite", "mistral", "llama3"})
    void eachFamilyBuildsRunsAndBatches(String family) throws Exception {
        Path generic = TinyLlama.folder(dir.resolve("tokenizer"), TinyLlama.Spec.tiny(VOCAB.size()), VOCAB);
        Checkpoint checkpoint = TestCheckpoints.random(shape(family), 5, TestCheckpoints.tokenizer(generic));
        for (WeightFormat format : new WeightFormat[]{WeightFormat.F32, WeightFormat.INT4}) {
            Path folder = dir.resolve(family + "-" + format);
            FusedDecoderWriter.write(checkpoint, format, folder, ImportProgress.SILENT);
            try (DecoderModel model = DecoderModel.load(folder, 1)) {
                assertEquals(family.equals("llama3") ? "llama" : family, model.config().modelType());
                int[] shortPrompt = {1, 300, 288, 301, 290};
                int[] longPrompt = {1, 290, 301, 270, 288, 300, 283, 270, 305, 299, 280};
                List<float[]> shortAlone = FusedDecoderGraphTest.run(model, shortPrompt, shortPrompt.length, 2);
                List<float[]> longAlone = FusedDecoderGraphTest.run(model, longPrompt, 4, 2);
                for (float[] logits : shortAlone) {
                    for (float v : logits) {
                        assertTrue(Float.isFinite(v), family + " " + format + ": non-finite logit");
                    }
                    assertTrue(FusedDecoderGraphTest.range(logits) > 0, family + ": constant logits");
                }
                if (format == WeightFormat.F32) {
                    batchMatchesAlone(model, shortPrompt, longPrompt, shortAlone, longAlone);
                }
            }
        }
    }

    private static void batchMatchesAlone(DecoderModel model, int[] a, int[] b, List<float[]> aAlone,
                                          List<float[]> bAlone) throws Exception {
        DecoderSignature s = model.signature();
        List<float[]> expectedA = FusedDecoderGraphTest.run(model, a, a.length, 0);
        List<float[]> expectedB = FusedDecoderGraphTest.run(model, b, b.length, 0);
        assertTrue(FusedDecoderGraphTest.maxDifference(expectedB.getFirst(), bAlone.getFirst()) < 1e-4,
                "prefill in chunks of 4 equals prefill at once");
        KvMemory memory = new KvMemory(s.layers(), 0);
        List<KvCache> alone = new ArrayList<>();
        int[] next = new int[2];
        int i = 0;
        for (int[] prompt : new int[][]{a, b}) {
            try (KvCache empty = KvCache.empty(memory, s, 1)) {
                DecoderModel.Step step = model.run(new int[][]{prompt}, empty);
                alone.add(step.cache());
                next[i++] = Sampler.argmax(step.logits()[0]);
            }
        }
        try (KvCache batch = KvCache.pack(memory, s, List.of(alone.get(0).row(0), alone.get(1).row(0)))) {
            alone.forEach(KvCache::close);
            DecoderModel.Step step = model.run(new int[][]{{next[0]}, {next[1]}}, batch);
            step.cache().close();
            assertTrue(FusedDecoderGraphTest.maxDifference(aAlone.get(1), step.logits()[0]) < 1e-4, "short row");
            assertTrue(FusedDecoderGraphTest.maxDifference(bAlone.get(1), step.logits()[1]) < 1e-4, "long row");
        }
    }
}
