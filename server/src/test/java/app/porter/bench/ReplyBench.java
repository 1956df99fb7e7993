package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import app.porter.TestPorter;

/**
 * Reply latency against conversation length: the same tenant question posted to conversations that already hold
 * 10, 100 and 1,000 messages, on the real appliance (HTTP, routing, retrieval, encrypted history, extractive
 * answer), timed alternately so machine noise hits every length alike. A reply should cost the same at any
 * length: only the last few turns are read. Drives the tenant API only, so the same file measures any version.
 * A plain {@code main}, not a test. From the repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.ReplyBench
 * </pre>
 * System property {@code bench.rounds} (default 60): timed replies per length.
 */
public final class ReplyBench {

    private static final int[] LENGTHS = {10, 100, 1000};
    private static final String QUESTION = "When is rent due?";

    private ReplyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 60);
        Path dataDir = Files.createTempDirectory("porter-reply-bench-");
        try (TestPorter porter = TestPorter.start(dataDir)) {
            List<TestPorter.Started> conversations = new ArrayList<>();
            for (int length : LENGTHS) {
                TestPorter.Started conversation = porter.startConversation();
                for (int i = 0; i < length / 2; i++) { // each question stores two messages: it and its reply
                    porter.ask(conversation, QUESTION);
                }
                conversations.add(conversation);
            }
            for (int i = 0; i < 20; i++) { // warm-up
                for (TestPorter.Started conversation : conversations) {
                    porter.ask(conversation, QUESTION);
                }
            }
            long[][] nanos = new long[LENGTHS.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int c = 0; c < conversations.size(); c++) {
                    long t0 = System.nanoTime();
                    porter.ask(conversations.get(c), QUESTION);
                    nanos[c][r] = System.nanoTime() - t0;
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %10s %10s %12s%n", "earlier messages", "p50 ms", "mean ms",
                    "p50 vs 10");
            double base = median(nanos[0]);
            for (int c = 0; c < LENGTHS.length; c++) {
                System.out.printf(Locale.ROOT, "%-22d %10.2f %10.2f %11.2fx%n", LENGTHS[c], median(nanos[c]) / 1e6,
                        Arrays.stream(nanos[c]).average().orElse(0) / 1e6, median(nanos[c]) / base);
            }
        } finally {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
