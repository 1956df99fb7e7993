package app.porter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import app.porter.TestPorter;

/**
 * A crowd of widget sessions against the real appliance, over loopback only: {@code bench.sessions} tenants
 * (default 200) each start a conversation and then ask questions one after another for {@code bench.seconds}
 * (default 20) per run, honouring {@code Retry-After} when refused. Two runs in one JVM, each on a fresh data
 * directory: the tenant socket's limit off (the old behaviour) and on (the defaults of {@code application.yaml}).
 * While the crowd runs, a probe asks for health on the tenant socket and for the document list on the admin
 * socket every 250 ms. Prints one table: answered requests' latency, 429s (and how many lacked
 * {@code Retry-After}), other errors, the probes' latency and the peak heap. Bounded in time: a run stops sending
 * after its seconds and waits at most 120 s more for the replies in flight (any left are counted as errors).
 * <p>A plain {@code main}, not a test. From the repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.LoadBench
 * </pre>
 */
public final class LoadBench {

    private static final List<String> QUESTIONS = List.of("When is rent due?", "Where can I park my car?",
            "Can I have a cat in my apartment?", "What are the quiet hours?", "How do I pay the rent online?",
            "Where do I put the recycling?", "Is there a gym in the building?", "How do I reserve the party room?");

    private LoadBench() {
    }

    /** What one run measured. */
    private record Run(String name, int sessions, List<Long> answeredNanos, long refused, long refusedWithoutRetry,
                       long errors, Map<String, Long> errorKinds, List<Long> healthNanos, List<Long> adminNanos,
                       long peakHeapBytes, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int sessions = Integer.getInteger("bench.sessions", 200);
        int seconds = Integer.getInteger("bench.seconds", 20);
        List<Run> runs = new ArrayList<>();
        runs.add(run("limit off (old)", Map.of("PORTER_TENANT_MAX_IN_FLIGHT", "-1"), sessions, seconds));
        runs.add(run("limit on (default)", Map.of(), sessions, seconds));
        System.out.printf(Locale.ROOT, "%n%d sessions, %d s each run, %d processors, loopback%n", sessions, seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-20s %8s %8s %8s %8s %8s %8s %8s %8s %10s %10s %9s%n", "run", "answered",
                "p50 ms", "p99 ms", "max ms", "429", "no R-A", "errors", "req/s", "health p99", "admin p99",
                "heap MiB");
        for (Run r : runs) {
            long total = r.answeredNanos().size() + r.refused() + r.errors();
            System.out.printf(Locale.ROOT, "%-20s %8d %8.0f %8.0f %8.0f %8d %8d %8d %8.1f %10.0f %10.0f %9.0f%n",
                    r.name(), r.answeredNanos().size(), pct(r.answeredNanos(), 50), pct(r.answeredNanos(), 99),
                    pct(r.answeredNanos(), 100), r.refused(), r.refusedWithoutRetry(), r.errors(),
                    total / r.seconds(), pct(r.healthNanos(), 99), pct(r.adminNanos(), 99),
                    r.peakHeapBytes() / (1024.0 * 1024));
        }
        for (Run r : runs) {
            if (!r.errorKinds().isEmpty()) {
                System.out.println("errors of " + r.name() + ": " + r.errorKinds());
            }
        }
    }

    private static Run run(String name, Map<String, String> env, int sessions, int seconds) throws Exception {
        Path dataDir = Files.createTempDirectory("porter-load-bench-");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN);
        try (TestPorter porter = TestPorter.start(dataDir, all);
             ExecutorService tenants = Executors.newVirtualThreadPerTaskExecutor()) {
            // The client's own executor: one shared with the sessions would be shut down with them and fail the
            // replies still in flight at the end.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            // Warm up: one conversation, a few questions (JIT, ONNX session, Lucene searcher).
            TestPorter.Started warm = porter.startConversation();
            for (String q : QUESTIONS) {
                porter.ask(warm, q);
            }
            List<Long> answered = Collections.synchronizedList(new ArrayList<>());
            List<Long> health = Collections.synchronizedList(new ArrayList<>());
            List<Long> admin = Collections.synchronizedList(new ArrayList<>());
            AtomicLong refused = new AtomicLong();
            AtomicLong noRetryAfter = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            Map<String, Long> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicLong peakHeap = new AtomicLong();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            for (int s = 0; s < sessions; s++) {
                int session = s;
                tenants.submit(() -> {
                    Optional<String[]> conversation = Optional.empty();
                    int asked = 0;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> res;
                            if (conversation.isEmpty()) {
                                res = http.send(post(porter.tenant("/api/v1/conversations"), "{\"consent\":true}",
                                        null), HttpResponse.BodyHandlers.ofString());
                            } else {
                                String q = QUESTIONS.get((session + asked++) % QUESTIONS.size());
                                res = http.send(post(porter.tenant("/api/v1/conversations/" + conversation.get()[0]
                                        + "/messages"), "{\"text\":\"" + q + "\"}", conversation.get()[1]),
                                        HttpResponse.BodyHandlers.ofString());
                            }
                            long took = System.nanoTime() - start;
                            if (res.statusCode() == 429) {
                                refused.incrementAndGet();
                                Optional<String> retry = res.headers().firstValue("Retry-After");
                                if (retry.isEmpty()) {
                                    noRetryAfter.incrementAndGet();
                                }
                                Thread.sleep(1000L * retry.map(Integer::parseInt).orElse(1));
                            } else if (res.statusCode() == 201 && conversation.isEmpty()) {
                                answered.add(took);
                                var body = TestPorter.json(res.body());
                                conversation = Optional.of(new String[] {body.getString("conversationId"),
                                        body.getString("token")});
                            } else if (res.statusCode() == 200) {
                                answered.add(took);
                            } else {
                                errors.incrementAndGet();
                                errorKinds.merge("HTTP " + res.statusCode(), 1L, Long::sum);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            String message = String.valueOf(e.getMessage());
                            errorKinds.merge(e.getClass().getSimpleName() + " (" + message.substring(0,
                                    Math.min(60, message.length())) + ")", 1L, Long::sum);
                        }
                    }
                });
            }
            // The probes, and the heap, until the crowd stops.
            HttpClient probeHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            while (System.nanoTime() < end) {
                health.add(timed(probeHttp, HttpRequest.newBuilder(porter.tenant("/observe/health"))
                        .timeout(Duration.ofSeconds(60)).build()));
                admin.add(timed(probeHttp, HttpRequest.newBuilder(porter.admin("/api/admin/v1/kb/documents"))
                        .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                        .timeout(Duration.ofSeconds(60)).build()));
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                Thread.sleep(250);
            }
            tenants.shutdown();
            if (!tenants.awaitTermination(120, TimeUnit.SECONDS)) {
                tenants.shutdownNow();
                errors.addAndGet(1); // replies still outstanding after the bound: counted once, as a failure
                errorKinds.merge("outstanding after 120 s", 1L, Long::sum);
            }
            double took = (System.nanoTime() - t0) / 1e9;
            return new Run(name, sessions, List.copyOf(answered), refused.get(), noRetryAfter.get(), errors.get(),
                    Map.copyOf(errorKinds), List.copyOf(health), List.copyOf(admin), peakHeap.get(), took);
        }
    }

    private static HttpRequest post(URI uri, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static long timed(HttpClient http, HttpRequest request) {
        long t0 = System.nanoTime();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            return TimeUnit.SECONDS.toNanos(60);
        }
        return System.nanoTime() - t0;
    }

    /** The {@code p}th percentile in milliseconds (100: the maximum); 0 for no samples. */
    private static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
}
