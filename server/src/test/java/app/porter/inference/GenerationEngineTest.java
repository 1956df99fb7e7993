package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.inference.GenerationEngine.StopReason;

/** The serving engine on real ONNX decoders built by the test. */
class GenerationEngineTest {

    static final List<String> WORDS = List.of("▁Hello", "▁there.", "▁User:", "▁more");
    static final List<String> VOCAB = TinyLlama.vocabulary(WORDS);
    static final Map<String, Integer> ID = TinyLlama.index(VOCAB);

    @TempDir
    static Path dir;
    static DecoderModel random;      // random weights, eos never chosen: long gibberish
    static DecoderModel parrot;      // scripted continuations

    @BeforeAll
    static void models() throws Exception {
        TinyLlama.Spec spec = TinyLlama.Spec.tiny(VOCAB.size());
        random = DecoderModel.load(TinyLlama.folder(dir.resolve("random"), spec.withScript(null, 2), VOCAB), 1);

        int[] next = new int[VOCAB.size()];
        Arrays.fill(next, -1);
        // "...!" → Hello there. User: more </s>
        chain(next, id("!"), id("▁Hello"), id("▁there."), id("▁User:"), id("▁more"), 2);
        // "...?" → é € 😀 as byte-fallback tokens, then </s>
        int[] bytes = bytes("é€😀");
        int[] utf8 = new int[bytes.length + 2];
        utf8[0] = id("?");
        System.arraycopy(bytes, 0, utf8, 1, bytes.length);
        utf8[utf8.length - 1] = 2;
        chain(next, utf8);
        parrot = DecoderModel.load(TinyLlama.folder(dir.resolve("parrot"), spec.withScript(next), VOCAB), 1);
    }

    @AfterAll
    static void close() {
        random.close();
        parrot.close();
    }

    @Test
    void batchedGreedyEqualsSequentialGreedy() throws Exception {
        List<int[]> prompts = List.of(
                random.tokenizer().encode("Once upon a time", true),
                random.tokenizer().encode("When is the rent due, and how do I pay it?", true),
                random.tokenizer().encode("Hi", true),
                random.tokenizer().encode("The laundry room is open from 7 am to 10 pm every day.", true),
                random.tokenizer().encode("Parking", true));
        int[] tokens = new int[prompts.size()];
        Arrays.fill(tokens, 40);
        assertBatchedGreedyEqualsSequential(random, prompts, tokens, 4);
    }

    /**
     * Generates {@code tokens[i]} greedy tokens for each prompt alone, then for all of them at once through an
     * engine that batches up to eight and prefills {@code prefillChunk} tokens at a time: each gets the same tokens,
     * and the batch shared decode steps.
     */
    static void assertBatchedGreedyEqualsSequential(DecoderModel model, List<int[]> prompts, int[] tokens,
                                                    int prefillChunk) throws Exception {
        List<int[]> sequential = new ArrayList<>();
        try (GenerationEngine alone = new GenerationEngine(model, new GenerationEngine.Settings(1, 8, 256, 0, 0))) {
            for (int i = 0; i < prompts.size(); i++) {
                sequential.add(alone.generate(prompts.get(i), GenerationSettings.greedy(tokens[i]), id -> true)
                        .tokens());
            }
        }
        try (GenerationEngine batched = new GenerationEngine(model,
                new GenerationEngine.Settings(8, 8, prefillChunk, 0, 0));
             ExecutorService pool = Executors.newFixedThreadPool(prompts.size())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                int[] prompt = prompts.get(i);
                int n = tokens[i];
                results.add(pool.submit(() -> {
                    start.await();
                    return batched.generate(prompt, GenerationSettings.greedy(n), id -> true).tokens();
                }));
            }
            start.countDown();
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(sequential.get(i), results.get(i).get(60, TimeUnit.SECONDS), "prompt " + i);
            }
            // the first token of each comes from its prefill; alone, every later one takes a decode step
            int alone = Arrays.stream(tokens).map(n -> n - 1).sum();
            assertTrue(batched.decodeSteps() < alone, "generations shared decode steps: " + batched.decodeSteps());
        }
    }

    @Test
    void stopsAtEosAndAtMaxTokens() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(parrot, GenerationEngine.Settings.defaults())) {
            int[] prompt = parrot.tokenizer().encode("Say it!", true);
            GenerationEngine.Result all = engine.generate(prompt, GenerationSettings.greedy(50), id -> true);
            assertArrayEquals(new int[]{id("▁Hello"), id("▁there."), id("▁User:"), id("▁more")}, all.tokens());
            assertEquals(StopReason.EOS, all.reason());

            GenerationEngine.Result two = engine.generate(prompt, GenerationSettings.greedy(2), id -> true);
            assertArrayEquals(new int[]{id("▁Hello"), id("▁there.")}, two.tokens());
            assertEquals(StopReason.MAX_TOKENS, two.reason());
        }
    }

    @Test
    void stopStringsEndTheTextAndAreNeverEmitted() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(parrot, GenerationEngine.Settings.defaults())) {
            TextGenerator generator = new TextGenerator(engine);
            List<String> pieces = new ArrayList<>();
            TextGenerator.TextResult result = generator.generate(generator.encodeRaw("Say it!"),
                    new GenerationSettings(SamplingSettings.greedy(), 50, List.of("User:")), pieces::add);
            assertEquals(" Hello there. ", result.text(), "raw text is continued, so the reply starts with its space");
            assertEquals(String.join("", pieces), result.text());
            assertEquals(TextGenerator.Ending.STOP_STRING, result.ending());
            assertEquals(3, result.tokens(), "generation stopped at the stop string, not at eos");
        }
    }

    @Test
    void streamsWholeCharactersFromByteFallbackTokens() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(parrot, GenerationEngine.Settings.defaults())) {
            TextGenerator generator = new TextGenerator(engine);
            List<String> pieces = new ArrayList<>();
            TextGenerator.TextResult result = generator.generate(generator.encodeRaw("Emoji?"),
                    GenerationSettings.greedy(50), pieces::add);
            assertEquals(9, result.tokens(), "nine byte tokens");
            assertEquals(List.of("é", "€", "😀"), pieces);
            assertEquals("é€😀", result.text());
            assertEquals(TextGenerator.Ending.EOS, result.ending());
        }
    }

    @Test
    void aCallerThatGoesAwayIsDroppedWithinOneStep() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(random, GenerationEngine.Settings.defaults())) {
            int[] prompt = random.tokenizer().encode("Tell me a long story", true);
            int[] seen = {0};
            RuntimeException gone = new IllegalStateException("client closed the stream");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> engine.generate(prompt,
                    GenerationSettings.greedy(200), id -> {
                        if (++seen[0] == 5) {
                            throw gone;
                        }
                        return true;
                    }));
            assertEquals(gone, thrown);
            assertTrue(engine.awaitIdle(Duration.ofSeconds(10)));
            assertTrue(engine.tokensSampledAfterCancel() <= 1, "after: " + engine.tokensSampledAfterCancel());
            assertEquals(0, engine.activeGenerations());
            // and the engine serves the next caller
            assertEquals(3, engine.generate(prompt, GenerationSettings.greedy(3), id -> true).tokens().length);
        }
    }

    @Test
    void aLongerContextIsTrimmedAndTheWindowNeverOverflows() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(random, GenerationEngine.Settings.defaults())) {
            int window = random.contextLength(); // 256
            int[] prompt = random.tokenizer().encode("word ".repeat(80), true); // ~400 tokens
            assertTrue(prompt.length > window);
            GenerationEngine.Result over = engine.generate(prompt, GenerationSettings.greedy(50), id -> true);
            assertEquals(window - 1, over.promptTokens());
            assertEquals(1, over.tokens().length);
            assertEquals(StopReason.CONTEXT_FULL, over.reason());

            int[] near = Arrays.copyOf(prompt, window - 10);
            GenerationEngine.Result full = engine.generate(near, GenerationSettings.greedy(50), id -> true);
            assertEquals(10, full.tokens().length);
            assertEquals(StopReason.CONTEXT_FULL, full.reason());
        }
    }

    @Test
    void reusesTheKvOfASharedPrefixWithIdenticalResults() throws Exception {
        String system = "You are Porter, the assistant of Maple Court Apartments. Answer from the passages. ";
        int[] first = random.tokenizer().encode(system + "When is rent due?", true);
        int[] second = random.tokenizer().encode(system + "Can I have a cat?", true);
        int[] withoutReuse;
        try (GenerationEngine plain = new GenerationEngine(random, new GenerationEngine.Settings(8, 8, 256, 0, 0))) {
            withoutReuse = plain.generate(second, GenerationSettings.greedy(20), id -> true).tokens();
        }
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(8, 8, 32, 4, 1 << 24))) {
            assertEquals(0, engine.generate(first, GenerationSettings.greedy(5), id -> true).reusedTokens());
            GenerationEngine.Result reused = engine.generate(second, GenerationSettings.greedy(20), id -> true);
            assertTrue(reused.reusedTokens() >= system.length() - 5, "reused " + reused.reusedTokens());
            assertArrayEquals(withoutReuse, reused.tokens());
        }
    }

    @Test
    void admissionIsBoundedAndWaitingCallersHearTheirPlace() throws Exception {
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(1, 1, 256, 0, 0));
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int[] prompt = random.tokenizer().encode("Tell me a long story", true);
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            GenerationEngine.Ticket first = engine.reserve();
            Future<?> a = pool.submit(() -> first.generate(prompt, GenerationSettings.greedy(200), id -> {
                running.countDown();
                await(release);
                return true;
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));
            GenerationEngine.Ticket second = engine.reserve();
            EngineBusyException busy = assertThrows(EngineBusyException.class, engine::reserve);
            assertTrue(busy.retryAfterSeconds() >= 1);

            List<Integer> positions = new CopyOnWriteArrayList<>();
            CountDownLatch queued = new CountDownLatch(1);
            Future<GenerationEngine.Result> b = pool.submit(() -> second.generate(prompt, GenerationSettings.greedy(3),
                    new GenerationEngine.TokenListener() {
                        @Override
                        public void queued(int position) {
                            positions.add(position);
                            queued.countDown();
                        }

                        @Override
                        public boolean token(int id) {
                            return true;
                        }
                    }));
            assertTrue(queued.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(1), positions);
            release.countDown();
            a.get(60, TimeUnit.SECONDS);
            first.close();
            assertEquals(3, b.get(60, TimeUnit.SECONDS).tokens().length);
            second.close();
            engine.reserve().close(); // places free again
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int id(String token) {
        Integer id = ID.get(token);
        if (id == null) {
            throw new IllegalArgumentException("no token " + token);
        }
        return id;
    }

    static void chain(int[] next, int... tokens) {
        for (int i = 0; i + 1 < tokens.length; i++) {
            next[tokens[i]] = tokens[i + 1];
        }
    }

    static int[] bytes(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] ids = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            ids[i] = TinyLlama.BYTE_BASE + (utf8[i] & 0xFF);
        }
        return ids;
    }
}
