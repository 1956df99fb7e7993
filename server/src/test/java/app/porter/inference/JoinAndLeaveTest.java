package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Generations that join a running batch, leave it from the middle, and start from the prefix cache while others
 * decode produce exactly the ids each would produce running alone: the batch's KV rows are moved, not mixed up.
 */
class JoinAndLeaveTest {

    static final List<String> VOCAB = TinyLlama.vocabulary(List.of());

    @TempDir
    static Path dir;
    static DecoderModel random;

    @BeforeAll
    static void model() throws Exception {
        random = DecoderModel.load(TinyLlama.folder(dir.resolve("random"), TinyLlama.Spec.tiny(VOCAB.size())
                .withScript(null, 2), VOCAB), 1);
    }

    @AfterAll
    static void close() {
        random.close();
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
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(4, 8, 256, 0, 0))) {
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
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(4, 8, 32, 4,
                1 << 24))) {
            // the first fills the prefix cache; the later ones with the same system text reuse it while others run
            List<int[]> together = staggered(engine, prompts, maxTokens);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(alone.get(i), together.get(i), "stream " + i);
            }
            assertTrue(engine.prefixCacheEntries() > 0);
        }
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(4, 8, 32, 4,
                1 << 24))) {
            engine.generate(prompts.get(0), GenerationSettings.greedy(maxTokens[0]), id -> true);
            GenerationEngine.Result hit = engine.generate(prompts.get(2), GenerationSettings.greedy(maxTokens[2]),
                    id -> true);
            assertTrue(hit.reusedTokens() >= PrefixCache.MIN_REUSE, "reused " + hit.reusedTokens());
            assertArrayEquals(alone.get(2), hit.tokens());
        }
    }

    /** Each prompt through an engine of its own, one at a time, without prefix reuse. */
    private static List<int[]> alone(List<int[]> prompts, int[] maxTokens) throws Exception {
        List<int[]> out = new ArrayList<>();
        try (GenerationEngine engine = new GenerationEngine(random, new GenerationEngine.Settings(1, 8, 256, 0, 0))) {
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
        return random.tokenizer().encode(text, true);
    }
}
