package app.porter.inference;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.porter.modelimport.Checkpoint;
import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.ReferenceDecoder;
import app.porter.modelimport.TinyCheckpoints;
import app.porter.modelimport.WeightFormat;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every family's imported graph (f32) run the way the engine runs it, its KV cache shared in place, against Porter's
 * reference decoder on the checkpoint: a prompt in chunks, then enough greedy steps to outgrow the cache's first
 * room ({@link KvCache#MIN_ROOM}) and, for mistral and gemma2, to slide past their 64-token window.
 */
class SharedBufferFamiliesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("app.porter.modelimport.TinyCheckpoints#families")
    void aSharedCacheGivesTheReferenceLogitsPastItsRoom(String arch) throws Exception {
        Checkpoint checkpoint = TinyCheckpoints.random(TinyCheckpoints.tiny(arch), 21);
        Path folder = dir.resolve(arch);
        FusedDecoderWriter.write(checkpoint, WeightFormat.F32, folder, ImportProgress.SILENT);
        ReferenceDecoder reference = new ReferenceDecoder(checkpoint);
        ReferenceDecoder.Cache expectedCache = reference.newCache();
        int[] prompt = {5, 17, 3, 250, 9, 41, 77, 12, 300, 6, 8, 131};
        int steps = KvCache.MIN_ROOM + 12;
        try (DecoderModel model = DecoderModel.load(folder, 1)) {
            assertTrue(model.signature().sharesPastBuffer());
            KvCache cache = KvCache.empty(model.signature(), 1);
            try {
                float[] actual = null;
                for (int at = 0; at < prompt.length; at += 5) {
                    DecoderModel.Step step = model.run(new int[][]{Arrays.copyOfRange(prompt, at,
                            Math.min(prompt.length, at + 5))}, cache);
                    cache.close();
                    cache = step.cache();
                    actual = step.logits()[0];
                }
                float[][] expected = reference.forward(prompt, expectedCache);
                float[] last = expected[expected.length - 1];
                for (int s = 0; s <= steps; s++) {
                    double error = FusedDecoderGraphTest.maxDifference(last, actual)
                            / FusedDecoderGraphTest.range(last);
                    assertTrue(error < 1e-3, arch + ", step " + s + ": " + error + " of the logit range");
                    int next = Sampler.argmax(last);
                    last = reference.forward(new int[]{next}, expectedCache)[0];
                    DecoderModel.Step step = model.run(new int[][]{{next}}, cache);
                    cache.close();
                    cache = step.cache();
                    actual = step.logits()[0];
                }
                assertTrue(cache.room > KvCache.roomFor(model.signature(), 0), "the cache outgrew its first room");
            } finally {
                cache.close();
            }
        }
    }
}
