package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch KV cache in native memory on a real ONNX decoder: re-forms move the right rows (checked by decoding a
 * step on the re-formed batch and comparing each row with that row decoded alone), in place when they can, and
 * freed KV is zeroed. Through the engine: generations that join a running batch, leave it from the middle, and start
 * from the prefix cache while others decode produce exactly the ids each produces running alone.
 */
class KvCacheTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());

    @TempDir
    static Path dir;
    static DecoderModel model;

    @BeforeAll
    static void model() throws Exception {
        model = DecoderModel.load(TinyLlama.folder(dir.resolve("random"), TinyLlama.Spec.tiny(VOCAB.size())
                .withScript(null, 2), VOCAB), 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aRunWritesItsPresentIntoPorterMemoryThatTheNextRunReadsAsItIs() throws Exception {
        DecoderSignature s = model.signature();
        try (KvMemory memory = new KvMemory(s.layers(), 4);
             KvCache empty = KvCache.empty(memory, s, 1)) {
            DecoderModel.Step first = model.run(new int[][]{prompt(7, 1)}, empty);
            try (KvCache grown = first.cache()) {
                assertEquals(7, grown.capacity);
                ByteBuffer ours = (ByteBuffer) grown.keys[0].getBufferRef().orElseThrow();
                assertTrue(ours.isDirect(), "the present is in a direct buffer Porter owns");
                assertTrue(nonZero(grown.keys[0].getByteBuffer()), "ONNX Runtime wrote the keys into it");
                DecoderModel.Step second = model.run(new int[][]{{9}}, grown);
                second.cache().close();
            }
            assertTrue(memory.freeBytes() > 0, "blocks came back for reuse");
        }
    }

    @Test
    void departuresAndNewcomersAreReformedInPlaceMovingOnlyWhatChanges() throws Exception {
        DecoderSignature s = model.signature();
        try (KvMemory memory = new KvMemory(s.layers(), 8)) {
            int[][] prompts = {prompt(12, 1), prompt(9, 2), prompt(12, 3), prompt(6, 4)};
            KvCache[] alone = new KvCache[prompts.length];
            for (int i = 0; i < prompts.length; i++) {
                alone[i] = prefill(memory, prompts[i]);
            }
            // a batch of rows 0, 1, 2 with room for one more row
            KvCache batch = KvCache.pack(memory, s, List.of(alone[0].row(0), alone[1].row(0), alone[2].row(0)));
            assertEquals(12, batch.capacity);
            long allocated = memory.allocations();
            // row 0 leaves: the last row (2) moves into its place, row 3 joins behind it
            KvCache reformed = batch.reform(List.of(batch.row(2), batch.row(1), alone[3].row(0)));
            assertEquals(allocated, memory.allocations(), "re-formed in the batch's own memory");
            assertArrayEquals(new int[]{12, 9, 6}, reformed.lengths);
            assertRowsDecodeAsAlone(reformed, List.of(alone[2], alone[1], alone[3]), new int[]{2, 1, 3});

            // a newcomer longer than the capacity: packed anew
            KvCache longer = prefill(memory, prompt(20, 5));
            KvCache packed = reformed.reform(List.of(reformed.row(0), longer.row(0)));
            assertEquals(20, packed.capacity);
            assertRowsDecodeAsAlone(packed, List.of(alone[2], longer), new int[]{2, 5});
            packed.close();
            longer.close();
            for (KvCache c : alone) {
                c.close();
            }
        }
    }

    @Test
    void aKeptPromptIsCopiedOnceIntoTheCacheItsPrefixStartsFrom() throws Exception {
        DecoderSignature s = model.signature();
        try (KvMemory memory = new KvMemory(s.layers(), 4)) {
            int[] prompt = prompt(20, 6);
            KvCache full = prefill(memory, prompt);
            KvRow kept = KvRow.copyOf(full.row(0), s);
            full.close();
            // the first 15 tokens of the kept prompt, then the rest computed: the same as the whole prompt at once
            try (KvCache start = KvCache.pack(memory, s, List.of(kept.asRow().first(15)))) {
                DecoderModel.Step rest = model.run(new int[][]{Arrays.copyOfRange(prompt, 15, 20)}, start);
                try (KvCache resumed = rest.cache(); KvCache whole = prefill(memory, prompt)) {
                    assertArrayEquals(next(whole), next(resumed), 1e-5f);
                }
            }
            kept.release();
        }
    }

    @Test
    void freedKvIsZeroed() {
        KvMemory memory = new KvMemory(2, 1);
        KvMemory.Block kept = memory.take(1000);
        KvMemory.Block freed = memory.take(2000);
        ByteBuffer[] keptBuffers = {kept.keys[0], kept.values[1]};
        ByteBuffer[] freedBuffers = {freed.keys[0], freed.values[1]};
        for (ByteBuffer b : List.of(keptBuffers[0], keptBuffers[1], freedBuffers[0], freedBuffers[1])) {
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, (byte) 0x5A);
            }
        }
        memory.give(kept);
        memory.give(freed); // over keepFree: the smaller block is zeroed and dropped
        assertTrue(isZero(keptBuffers[0]) && isZero(keptBuffers[1]));
        assertTrue(!isZero(freedBuffers[0]), "a free block keeps its contents until reused or trimmed");
        memory.trim();
        assertTrue(isZero(freedBuffers[0]) && isZero(freedBuffers[1]));
        assertEquals(0, memory.freeBytes());
    }

    @Test
    void streamsThatJoinMidwayAndLeaveFromTheMiddleMatchEachStreamAlone() throws Exception {
        List<int[]> prompts = List.of(
                encode("Once upon a time there was a quiet building"),
                encode("Hi"),
                encode("When is the rent due, and how do I pay it?"),
                encode("Parking"),
                encode("The laundry room is open from 7 am to 10 pm every day."),
                encode("Can I have a cat?"));
        int[] maxTokens = {40, 6, 30, 9, 25, 12}; // short ones leave while longer ones run on either side of them
        List<int[]> alone = alone(prompts, maxTokens);
        // At most four together: the fifth and sixth wait and take the places of those that leave.
        try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(4, 8, 256, 0, 0))) {
            List<int[]> together = staggered(engine, prompts, maxTokens);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(alone.get(i), together.get(i), "stream " + i);
            }
            int total = together.stream().mapToInt(t -> t.length).sum();
            assertTrue(engine.decodeSteps() < total - prompts.size(), "streams shared steps: " + engine.decodeSteps());
            assertTrue(engine.awaitIdle(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aPrefixHitThatJoinsARunningBatchMatchesRunningAlone() throws Exception {
        String system = "You are Porter, the assistant of Maple Court Apartments. Answer from the passages. ";
        List<int[]> prompts = List.of(
                encode(system + "When is rent due?"),
                encode("Tell me a story about the boiler room"),
                encode(system + "Can I have a cat?"),
                encode(system + "Where do I park?"));
        int[] maxTokens = {5, 30, 20, 15};
        List<int[]> alone = alone(prompts, maxTokens);
        try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(4, 8, 32, 4,
                1 << 24))) {
            // the first fills the prefix cache; the later ones with the same system text reuse it while others run
            List<int[]> together = staggered(engine, prompts, maxTokens);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(alone.get(i), together.get(i), "stream " + i);
            }
            assertTrue(engine.prefixCacheEntries() > 0);
        }
        try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(4, 8, 32, 4,
                1 << 24))) {
            engine.generate(prompts.get(0), GenerationSettings.greedy(maxTokens[0]), id -> true);
            GenerationEngine.Result hit = engine.generate(prompts.get(2), GenerationSettings.greedy(maxTokens[2]),
                    id -> true);
            assertTrue(hit.reusedTokens() >= PrefixCache.MIN_REUSE, "reused " + hit.reusedTokens());
            assertArrayEquals(alone.get(2), hit.tokens());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Each prompt through an engine of its own, one at a time, without prefix reuse. */
    private static List<int[]> alone(List<int[]> prompts, int[] maxTokens) throws Exception {
        List<int[]> out = new ArrayList<>();
        try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(1, 8, 256, 0, 0))) {
            for (int i = 0; i < prompts.size(); i++) {
                out.add(engine.generate(prompts.get(i), GenerationSettings.greedy(maxTokens[i]), id -> true)
                        .tokens());
            }
        }
        return out;
    }

    /** Starts stream i + 1 once stream i has its third token, so every stream after the first joins mid-run. */
    private static List<int[]> staggered(GenerationEngine engine, List<int[]> prompts, int[] maxTokens)
            throws Exception {
        int n = prompts.size();
        CountDownLatch[] started = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            started[i] = new CountDownLatch(1);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int stream = i;
                results.add(pool.submit(() -> {
                    if (stream > 0) {
                        started[stream - 1].await(30, TimeUnit.SECONDS);
                    }
                    int[] seen = {0};
                    int[] tokens = engine.generate(prompts.get(stream), GenerationSettings.greedy(maxTokens[stream]),
                            id -> {
                                if (++seen[0] == Math.min(3, maxTokens[stream])) {
                                    started[stream].countDown();
                                }
                                return true;
                            }).tokens();
                    started[stream].countDown(); // ended early (eos): let the next one go anyway
                    return tokens;
                }));
            }
            List<int[]> out = new ArrayList<>();
            for (Future<int[]> f : results) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(n, out.size());
            return out;
        }
    }

    private static int[] encode(String text) {
        return model.tokenizer().encode(text, true);
    }


    /** Decodes one more token on the batch and on each row alone: each row's logits must agree. */
    private static void assertRowsDecodeAsAlone(KvCache batch, List<KvCache> alone, int[] seeds) throws Exception {
        int[][] tokens = new int[batch.batch()][];
        for (int b = 0; b < tokens.length; b++) {
            tokens[b] = new int[]{10 + seeds[b]};
        }
        DecoderModel.Step step = model.run(tokens, batch);
        step.cache().close();
        for (int b = 0; b < tokens.length; b++) {
            DecoderModel.Step single = model.run(new int[][]{tokens[b]}, alone.get(b));
            single.cache().close();
            assertArrayEquals(single.logits()[0], step.logits()[b], 1e-4f, "row " + b);
        }
        List<Float> firsts = new ArrayList<>();
        for (float[] l : step.logits()) {
            firsts.add(l[0]);
        }
        assertNotEquals(firsts.get(0), firsts.get(1), "the rows differ, so a mix-up would show");
    }

    private static KvCache prefill(KvMemory memory, int[] prompt) throws Exception {
        try (KvCache empty = KvCache.empty(memory, model.signature(), 1)) {
            return model.run(new int[][]{prompt}, empty).cache();
        }
    }

    private static float[] next(KvCache cache) throws Exception {
        DecoderModel.Step step = model.run(new int[][]{{11}}, cache);
        step.cache().close();
        return step.logits()[0];
    }

    private static int[] prompt(int length, long seed) {
        int[] ids = new int[length];
        ids[0] = 1;
        for (int i = 1; i < length; i++) {
            ids[i] = 3 + (int) ((seed * 31 + i * 17L) % 60);
        }
        return ids;
    }

    private static boolean nonZero(ByteBuffer b) {
        return !isZero(b);
    }

    private static boolean isZero(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
