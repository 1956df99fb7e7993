package app.porter.inference;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.TestCheckpoints;
import app.porter.modelimport.WeightFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's scheduler on an imported graph, whose KV cache is shared in place: conversations that join and leave
 * a batch (re-formed in the cache's room), prompts prefilled in chunks and a prefix-cache hit give the tokens each
 * conversation gets alone, as {@link GenerationEngineTest} checks for caches that copy their past.
 */
class SharedBufferEngineTest {

    @TempDir
    static Path dir;
    static DecoderModel model;

    @BeforeAll
    static void importTinyLlama() throws Exception {
        TinyLlama.Spec spec = FusedDecoderGraphTest.SPEC;
        Path generic = TinyLlama.folder(dir.resolve("generic"), spec, FusedDecoderGraphTest.VOCAB);
        Path fused = dir.resolve("fused");
        FusedDecoderWriter.write(TestCheckpoints.fromTinyLlama(generic, TestCheckpoints.tinyLlamaShape(spec.vocab(),
                spec.hidden(), spec.layers(), spec.heads(), spec.kvHeads(), spec.headDim(), spec.intermediate(),
                spec.maxPositions())), WeightFormat.F32, fused, ImportProgress.SILENT);
        model = DecoderModel.load(fused, 1);
        assertTrue(model.signature().sharesPastBuffer());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] prompt(int length, long seed) {
        return TinyLlama.randomIds(length, 300, seed);
    }

    @Test
    void batchedGreedyEqualsSequentialGreedy() throws Exception {
        // lengths on both sides of the first room, so some rows outgrow it while they share a batch
        GenerationEngineTest.assertBatchedGreedyEqualsSequential(model,
                List.of(prompt(3, 1), prompt(40, 2), prompt(9, 3), prompt(120, 4), prompt(17, 5)),
                new int[]{30, 60, 12, 45, 25}, 16);
    }

    @Test
    void aPrefixCacheHitGivesTheSameTokens() throws Exception {
        int[] shared = prompt(60, 7);
        int[] first = java.util.Arrays.copyOf(shared, 70);
        int[] second = java.util.Arrays.copyOf(shared, 75);
        System.arraycopy(prompt(10, 8), 0, first, 60, 10);
        System.arraycopy(prompt(15, 9), 0, second, 60, 15);
        int[] withoutReuse;
        try (GenerationEngine plain = new GenerationEngine(model, new GenerationEngine.Settings(8, 8, 256, 0, 0))) {
            withoutReuse = plain.generate(second, GenerationSettings.greedy(20), id -> true).tokens();
        }
        try (GenerationEngine engine = new GenerationEngine(model,
                new GenerationEngine.Settings(8, 8, 32, 4, 1 << 24))) {
            engine.generate(first, GenerationSettings.greedy(5), id -> true);
            GenerationEngine.Result reused = engine.generate(second, GenerationSettings.greedy(20), id -> true);
            assertTrue(reused.reusedTokens() >= 50, "reused " + reused.reusedTokens());
            assertArrayEquals(withoutReuse, reused.tokens());
        }
    }
}
