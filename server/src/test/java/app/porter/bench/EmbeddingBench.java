package app.porter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import app.porter.inference.OnnxEmbedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import app.porter.inference.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

/**
 * Porter's {@link OnnxEmbedder} against langchain4j's own runtime for the same model, in one JVM, on the same
 * deterministic workload: {@code -Dbench.model=all-minilm-l6-v2-q} (the retrieval model, the default;
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel}) or {@code e5-small-v2-q} ({@link E5SmallV2QuantizedEmbeddingModel}).
 * Both sides get the same text, e5's "passage: " prefix included.
 *
 * <p>A plain {@code main}, not a test: surefire never picks it up. Run it from the repository root with
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.EmbeddingBench
 * </pre>
 * Optional system properties (add them to the Maven command line): {@code bench.threads} (default: available
 * processors), {@code bench.warmups} (untimed batch passes, default 3), {@code bench.reps} (timed batch passes,
 * default 7), {@code bench.queries} (single-query latency samples, default 500). About 30 s on 2 idle cores.
 *
 * <p>What each side does with the thread count {@code T}:
 * <ul>
 *   <li>Porter: {@code OnnxEmbedder.load(model, T)}: batch throughput is {@code embedPassages}, the indexing path:
 *       each sentence alone (batching would move this int8 model's vectors) on a single-threaded session, {@code T}
 *       runs side by side. The "one at a time" row is {@code embedAll}, the question path and the indexing path
 *       before: one run after another on a session with {@code T} intra-op threads.</li>
 *   <li>langchain4j: {@code new AllMiniLmL6V2QuantizedEmbeddingModel(executor)} with a fixed pool of {@code T}
 *       threads. Its {@code embedAll} runs every sentence as its own batch-of-one session run on that executor;
 *       its session is created once, statically, with ONNX Runtime's default options (intra-op threads = ORT
 *       default, one per physical core), which its API does not let a caller change.</li>
 * </ul>
 */
public final class EmbeddingBench {

    private static final int SENTENCES = 1_000;
    private static final long WORKLOAD_SEED = 20_250_901L;
    private static final long QUERY_SEED = 77L;

    private EmbeddingBench() {
    }

    public static void main(String[] args) throws Exception {
        // First thing: DJL would otherwise probe the network (a cloud metadata address) when it initialises.
        System.setProperty("ai.djl.offline", "true");

        int cpus = Runtime.getRuntime().availableProcessors();
        int threads = Integer.getInteger("bench.threads", cpus);
        int warmUps = Math.max(0, Integer.getInteger("bench.warmups", 3));
        int reps = Math.max(1, Integer.getInteger("bench.reps", 7));
        int queries = Integer.getInteger("bench.queries", 500);
        long started = System.nanoTime();
        CpuShare cpuAtStart = CpuShare.now();

        List<String> sentences = Workload.sentences(SENTENCES, WORKLOAD_SEED);
        List<String> questions = Workload.shortQuestions(queries, QUERY_SEED);
        String passagePrefix = EmbeddingModel.byName(System.getProperty("bench.model", app.porter.knowledge.KnowledgeBase.MODEL.name())).orElseThrow()
                .passagePrefix();
        List<TextSegment> segments = sentences.stream().map(t -> TextSegment.from(passagePrefix + t)).toList();
        // Also loads the DJL tokenizer's native library, and the next line ONNX Runtime's, so that neither model
        // load below pays for them.
        int[] tokens = tokenCounts(sentences);
        OrtEnvironment.getEnvironment();

        long t0 = System.nanoTime();
        EmbeddingModel model = EmbeddingModel.byName(System.getProperty("bench.model", app.porter.knowledge.KnowledgeBase.MODEL.name())).orElseThrow();
        OnnxEmbedder porter = OnnxEmbedder.load(model, threads);
        double porterLoadMs = ms(System.nanoTime() - t0);

        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        t0 = System.nanoTime();
        AbstractInProcessEmbeddingModel baseline = model == EmbeddingModel.E5_SMALL_V2_Q
                ? new E5SmallV2QuantizedEmbeddingModel(pool) : new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
        double baselineLoadMs = ms(System.nanoTime() - t0);

        try {
            // (1) Batch throughput: untimed passes to let the JIT and ONNX Runtime settle, then timed passes,
            // alternating between the two so that drift and background load hit both alike.
            List<float[]> porterBatch = null;
            List<float[]> baselineBatch = null;
            for (int w = 0; w < warmUps; w++) {
                porterBatch = porter.embedPassages(sentences);
                baselineBatch = vectors(baseline.embedAll(segments).content());
            }
            double[] porterRates = new double[reps];
            double[] baselineRates = new double[reps];
            double[] oneAtATimeRates = new double[reps];
            List<String> prefixed = sentences.stream().map(t -> model.passagePrefix() + t).toList();
            for (int r = 0; r < reps; r++) {
                t0 = System.nanoTime();
                porterBatch = porter.embedPassages(sentences);
                porterRates[r] = sentences.size() / seconds(System.nanoTime() - t0);
                t0 = System.nanoTime();
                porter.embedAll(model.queryPrefix().equals(model.passagePrefix()) ? sentences : prefixed);
                oneAtATimeRates[r] = sentences.size() / seconds(System.nanoTime() - t0);
                t0 = System.nanoTime();
                baselineBatch = vectors(baseline.embedAll(segments).content());
                baselineRates[r] = sentences.size() / seconds(System.nanoTime() - t0);
            }

            // (2) Single-query latency, on the calling thread for both, interleaved in blocks so that background
            // load and drift hit both alike.
            Latency[] latencies = latencies(questions, porter::embed,
                    q -> baseline.embed(model.queryPrefix() + q).content().vector());
            Latency porterLatency = latencies[0];
            Latency baselineLatency = latencies[1];

            // (3) Agreement of the vectors. langchain4j's embedAll runs each sentence alone, exactly like its embed;
            // Porter's batches same-length sentences, so also compare Porter's batch against Porter's single.
            Cosines batchCos = Cosines.of(porterBatch, baselineBatch);
            Cosines singleCos = Cosines.of(porterLatency.vectors(), baselineLatency.vectors());
            // The indexing path (parallel, single-threaded session) against the question path (all-cores session) on
            // the same text: must be the same vectors. Only comparable without prefixes (the two sides differ).
            Cosines porterSelfCos = model.queryPrefix().equals(model.passagePrefix())
                    ? Cosines.of(porterBatch, sentences.stream().map(porter::embed).toList()) : null;

            Report report = new Report(cpus, threads, warmUps, reps, sentences, questions, tokens);
            report.header();
            report.row("batch throughput, median (sentences/s)", median(porterRates), median(baselineRates), "%.1f");
            report.row("  before: one at a time, all-cores session", median(oneAtATimeRates), median(baselineRates),
                    "%.1f");
            double[] paired = new double[reps];
            for (int r = 0; r < reps; r++) {
                paired[r] = porterRates[r] / baselineRates[r];
            }
            report.ratioRow("  Porter/lc4j per adjacent pair of passes, median", median(paired));
            report.row("  slowest rep (sentences/s)", min(porterRates), min(baselineRates), "%.1f");
            report.row("  fastest rep (sentences/s)", max(porterRates), max(baselineRates), "%.1f");
            report.row("single query p50 (ms)", porterLatency.percentile(50), baselineLatency.percentile(50), "%.2f");
            report.row("single query p99 (ms)", porterLatency.percentile(99), baselineLatency.percentile(99), "%.2f");
            report.row("single query mean (ms)", porterLatency.mean(), baselineLatency.mean(), "%.2f");
            report.row("model load, natives already loaded (ms)", porterLoadMs, baselineLoadMs, "%.0f");
            report.rule();
            report.agreement("cosine Porter vs langchain4j, batch API (1000 sentences)", batchCos);
            report.agreement("cosine Porter vs langchain4j, single API (" + questions.size() + " questions)", singleCos);
            if (porterSelfCos != null) {
                report.agreement("cosine Porter batch API vs Porter single API (1000 sentences)", porterSelfCos);
            }
            report.reps("Porter", porterRates);
            report.reps("langchain4j", baselineRates);
            report.footer(ms(System.nanoTime() - started) / 1000, cpuAtStart.othersSince(cpus));
        } finally {
            porter.close();
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final int LATENCY_WARM_UP = 50;
    private static final int LATENCY_BLOCK = 25;

    /**
     * Times every question once with each embedder, alternating blocks of {@value #LATENCY_BLOCK} queries (and
     * which side goes first in a block), after {@value #LATENCY_WARM_UP} warm-up queries each.
     */
    @SafeVarargs
    private static Latency[] latencies(List<String> questions, Function<String, float[]>... embedders) {
        int n = questions.size();
        for (Function<String, float[]> embed : embedders) {
            for (int i = 0; i < Math.min(LATENCY_WARM_UP, n); i++) {
                embed.apply(questions.get(i));
            }
        }
        double[][] millis = new double[embedders.length][n];
        float[][][] vectors = new float[embedders.length][n][];
        for (int start = 0, block = 0; start < n; start += LATENCY_BLOCK, block++) {
            for (int k = 0; k < embedders.length; k++) {
                int e = (k + block) % embedders.length;
                for (int i = start; i < Math.min(n, start + LATENCY_BLOCK); i++) {
                    long t0 = System.nanoTime();
                    vectors[e][i] = embedders[e].apply(questions.get(i));
                    millis[e][i] = ms(System.nanoTime() - t0);
                }
            }
        }
        Latency[] out = new Latency[embedders.length];
        for (int e = 0; e < embedders.length; e++) {
            out[e] = new Latency(millis[e], Arrays.asList(vectors[e]));
        }
        return out;
    }

    private record Latency(double[] millis, List<float[]> vectors) {
        /** Nearest-rank percentile. */
        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        double mean() {
            return Arrays.stream(millis).average().orElse(Double.NaN);
        }
    }

    private record Cosines(double mean, double min, double p1, int below999) {
        static Cosines of(List<float[]> a, List<float[]> b) {
            if (a.size() != b.size()) {
                throw new IllegalStateException(a.size() + " vs " + b.size() + " vectors");
            }
            double[] c = new double[a.size()];
            int below = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] = cosine(a.get(i), b.get(i));
                if (c[i] < 0.999) {
                    below++;
                }
            }
            double[] sorted = c.clone();
            Arrays.sort(sorted);
            return new Cosines(Arrays.stream(c).average().orElse(Double.NaN), sorted[0],
                    sorted[Math.max(0, (int) Math.ceil(0.01 * sorted.length) - 1)], below);
        }
    }

    private static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("dimensions differ: " + a.length + " vs " + b.length);
        }
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * Busy CPU time of the whole machine (Linux {@code /proc/stat}) and of this process, to tell how much of the
     * CPUs other processes took while the bench ran: on a shared machine that is what makes timings noisy.
     */
    private record CpuShare(long wallNanos, double machineBusySeconds, double processSeconds) {
        private static final double USER_HZ = 100.0;

        static CpuShare now() {
            double busy = Double.NaN;
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst()
                        .trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                busy = (Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + Long.parseLong(f[8])) / USER_HZ;
            } catch (IOException | RuntimeException e) {
                // not Linux: unknown
            }
            double process = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : Double.NaN;
            return new CpuShare(System.nanoTime(), busy, process);
        }

        /** The fraction of all CPUs' time since this snapshot that other processes used; NaN if unknown. */
        double othersSince(int cpus) {
            CpuShare end = now();
            double wall = (end.wallNanos - wallNanos) / 1e9;
            double others = (end.machineBusySeconds - machineBusySeconds) - (end.processSeconds - processSeconds);
            return Math.max(0, others) / (wall * cpus);
        }
    }

    private static List<float[]> vectors(List<Embedding> embeddings) {
        return embeddings.stream().map(Embedding::vector).toList();
    }

    /** Token counts with the bundled tokenizer (special tokens included), to describe the workload. */
    private static int[] tokenCounts(List<String> texts) throws IOException {
        try (InputStream json = OnnxEmbedder.class.getResourceAsStream("/" + OnnxEmbedder.BUNDLED_MODEL + "-tokenizer.json");
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"))) {
            return texts.stream().mapToInt(t -> tokenizer.encode(t).getIds().length).toArray();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return Thread.ofPlatform().name("lc4j-embed-", 0).daemon(true).factory();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final class Report {
        private static final String ROW = "%-46s %14s %14s %12s%n";
        private final int cpus;
        private final int threads;
        private final int warmUps;
        private final int reps;
        private final List<String> sentences;
        private final List<String> questions;
        private final int[] tokens;

        Report(int cpus, int threads, int warmUps, int reps, List<String> sentences, List<String> questions,
               int[] tokens) {
            this.cpus = cpus;
            this.threads = threads;
            this.warmUps = warmUps;
            this.reps = reps;
            this.sentences = sentences;
            this.questions = questions;
            this.tokens = tokens;
        }

        void header() {
            int[] words = sentences.stream().mapToInt(Workload::words).toArray();
            int[] qWords = questions.stream().mapToInt(Workload::words).toArray();
            System.out.println();
            System.out.println("Embedding benchmark: " + System.getProperty("bench.model", app.porter.knowledge.KnowledgeBase.MODEL.name())
                    + " (int8, langchain4j's jar), Porter vs langchain4j");
            System.out.printf(Locale.ROOT, "JVM %s, %d available processors, bench threads T=%d%n",
                    Runtime.version(), cpus, threads);
            System.out.printf(Locale.ROOT,
                    "  Porter      : OnnxEmbedder.load(model, %d): batch = embedPassages, %d single-threaded ORT runs%n"
                            + "                side by side, each sentence its own call (no batching); queries on an%n"
                            + "                ORT session with intra-op %d%n", threads, threads, threads);
            System.out.printf(Locale.ROOT,
                    "  langchain4j : AllMiniLmL6V2QuantizedEmbeddingModel(fixed pool of %d threads): embedAll runs%n"
                            + "                each sentence as its own batch-of-one on the pool; ORT session with default%n"
                            + "                options (intra-op = ORT default, one per physical core; not configurable)%n",
                    threads);
            System.out.printf(Locale.ROOT,
                    "Workload: %d sentences, %d-%d words (mean %.1f), %d-%d tokens (mean %.1f); "
                            + "%d short questions, %d-%d words%n",
                    sentences.size(), minOf(words), maxOf(words), meanOf(words), minOf(tokens), maxOf(tokens),
                    meanOf(tokens), questions.size(), minOf(qWords), maxOf(qWords));
            System.out.printf(Locale.ROOT,
                    "Batch: %d warm-up passes each, then %d timed passes each, alternating.%n"
                            + "Latency: %d warm-up queries each, then %d timed queries each, one at a time on the%n"
                            + "calling thread, alternating in blocks of %d.%n", warmUps, reps, LATENCY_WARM_UP, questions.size(), LATENCY_BLOCK);
            System.out.println();
            System.out.printf(Locale.ROOT, ROW, "metric", "Porter", "langchain4j", "Porter/lc4j");
            rule();
        }

        void row(String name, double porter, double baseline, String format) {
            System.out.printf(Locale.ROOT, ROW, name, String.format(Locale.ROOT, format, porter),
                    String.format(Locale.ROOT, format, baseline), String.format(Locale.ROOT, "%.2fx", porter / baseline));
        }

        void ratioRow(String name, double ratio) {
            System.out.printf(Locale.ROOT, ROW, name, "", "", String.format(Locale.ROOT, "%.2fx", ratio));
        }

        void agreement(String name, Cosines c) {
            System.out.println(name);
            System.out.printf(Locale.ROOT, "    mean %.6f   min %.6f   1st percentile %.6f   pairs below 0.999: %d%n",
                    c.mean(), c.min(), c.p1(), c.below999());
        }

        void reps(String name, double[] rates) {
            StringBuilder line = new StringBuilder();
            for (double rate : rates) {
                line.append(String.format(Locale.ROOT, " %.0f", rate));
            }
            System.out.printf(Locale.ROOT, "%-12s timed passes in order (sentences/s):%s%n", name, line);
        }

        void rule() {
            System.out.println("-".repeat(89));
        }

        void footer(double seconds, double othersShare) {
            rule();
            System.out.println("Ratios: throughput > 1 means Porter is faster; latency/load < 1 means Porter is faster.");
            System.out.println("Single API: both run one unpadded sequence per ORT call, so their vectors should match ~exactly.");
            System.out.println("Batch API: neither batches: the int8 model quantises activations (DynamicQuantizeLinear) with");
            System.out.println("one scale per tensor, so batch-mates would move each other's vectors. Porter's indexing path");
            System.out.println("runs sentences side by side on single-threaded ORT runs (questions first); langchain4j runs");
            System.out.println("them side by side on its pool. \"before\" is Porter's old path: one after another.");
            System.out.printf(Locale.ROOT, "Total bench time %.1f s; other processes used %s of the %d CPUs meanwhile%n",
                    seconds, Double.isNaN(othersShare) ? "an unknown share" : String.format(Locale.ROOT, "%.0f%%",
                            100 * othersShare), cpus);
            if (othersShare >= 0.10) {
                System.out.println("NOTE: the CPUs were shared, so timings are noisy: trust the fastest pass, the paired"
                        + " ratio and the\n      latency rows (interleaved) more than the medians.");
            }
        }

        private static int minOf(int[] v) {
            return Arrays.stream(v).min().orElse(0);
        }

        private static int maxOf(int[] v) {
            return Arrays.stream(v).max().orElse(0);
        }

        private static double meanOf(int[] v) {
            return Arrays.stream(v).average().orElse(Double.NaN);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Deterministic tenant-style text: repair reports, questions and requests with varied detail. */
    static final class Workload {

        private static final String[] OPENERS = {
                "Hi,", "Hello,", "Hello there,", "Good morning,", "Hi team,", "Sorry to bother you,", "Quick question:",
                "Hi again,", "Dear property manager,", "Evening,"};

        private static final String[] THINGS = {
                "the kitchen tap", "the boiler", "the shower in the main bathroom", "the front door lock",
                "the lift in block B", "the bathroom extractor fan", "the smoke alarm in the hallway",
                "the dishwasher", "the radiator in the living room", "the bedroom window", "the intercom",
                "the toilet cistern", "the oven", "the fridge freezer", "the garage door", "the hallway light",
                "the washing machine", "the balcony door", "the heating", "the hot water", "the electric shower",
                "the light in the stairwell", "the mailbox lock", "the bathroom ceiling", "the entry gate",
                "the kitchen extractor hood", "the thermostat", "the sink in the en-suite", "the back door",
                "the car park barrier"};

        private static final String[] PROBLEMS = {
                "is leaking", "has stopped working", "makes a loud banging noise at night", "keeps tripping the fuse",
                "won't close properly", "is dripping constantly", "has a crack in it", "is showing an error code",
                "smells of burning", "doesn't turn on", "is stuck", "has black mould around it", "is very slow",
                "has been broken for over a week", "only works some of the time", "is making a strange smell",
                "is buzzing", "is loose", "came off the wall", "is not draining"};

        private static final String[] QUESTIONS = {
                "When is the rent due this month?", "Can I pay my rent by standing order?",
                "How do I get a spare key for the flat?", "Am I allowed to keep a cat in the flat?",
                "Am I allowed to keep a small dog?", "Who do I contact about noise from the flat upstairs?",
                "When will my deposit be returned after I move out?", "Can I paint the walls in the living room?",
                "Where do I put glass and cardboard recycling?", "What day are the bins collected?",
                "Is there any visitor parking near the building?", "Can my partner move in with me?",
                "How much notice do I need to give before moving out?", "Can I sublet my room over the summer?",
                "Is the laundry room open on Sundays?", "Do I need permission to install a dishwasher?",
                "How do I register a bike in the bike store?", "Will someone inspect the flat before the tenancy ends?",
                "Is contents insurance included in the rent?", "How do I renew my tenancy agreement?",
                "Why did my rent go up this year?", "Can I have a parcel delivered to the concierge?",
                "Who is responsible for clearing snow from the path?", "Can I put up shelves with screws?",
                "What is the wifi password for the common room?", "How do I book the guest suite?",
                "Can I get a copy of my tenancy agreement?", "Is there a gym for residents?",
                "Are barbecues allowed on the balcony?", "How do I update my bank details for rent payments?"};

        private static final String[] QUESTION_STARTS = {
                "Who do I call about", "How do I report a problem with", "Is anyone coming to fix",
                "When will you repair", "What should I do about", "Can someone look at",
                "Is there a guide for", "Who is responsible for", "Do I pay for repairs to", "Can I fix"};

        private static final String[] DETAILS = {
                "it started on Monday", "it has been like this since the weekend", "I'm in flat 4B",
                "I'm in flat 12 on the third floor", "I work from home so any time is fine",
                "my neighbour has the same problem", "it is getting worse every day",
                "I have a young child so it is quite urgent", "could someone come and have a look this week",
                "could someone come tomorrow morning", "I have attached a photo",
                "the last repair didn't fix it", "please call me on my mobile before coming",
                "I already tried turning it off and on again", "the water is coming through to the flat below",
                "I'm away from Friday until Tuesday", "thanks in advance", "let me know if you need anything else",
                "the spare key is with the concierge", "it is much worse when it rains",
                "I reported this last month but nobody came", "the noise wakes us up around 3am",
                "we can't use the kitchen at the moment", "my landlord said to contact you directly",
                "is this something I should fix myself", "I'm happy to be there to let the engineer in",
                "the reference number from my last ticket is 48213", "it affects the whole corridor",
                "there is a strong smell of damp", "please don't come before 9am"};

        private Workload() {
        }

        static int words(String s) {
            return s.trim().split("\\s+").length;
        }

        /** {@code n} distinct texts of 5 to 40 words. */
        static List<String> sentences(int n, long seed) {
            Random random = new Random(seed);
            Set<String> out = new LinkedHashSet<>();
            while (out.size() < n) {
                int target = 5 + random.nextInt(36);
                StringBuilder text = new StringBuilder();
                if (random.nextInt(3) == 0) {
                    text.append(pick(random, OPENERS)).append(' ');
                }
                String core = switch (random.nextInt(3)) {
                    case 0 -> capitalise(pick(random, THINGS)) + " " + pick(random, PROBLEMS) + ".";
                    case 1 -> pick(random, QUESTIONS);
                    default -> pick(random, QUESTION_STARTS) + " " + pick(random, THINGS) + "?";
                };
                text.append(text.isEmpty() ? core : lowerFirstAfterComma(text, core));
                for (int tries = 0; tries < 8 && words(text.toString()) < target; tries++) {
                    String detail = pick(random, DETAILS);
                    if (words(text.toString()) + words(detail) <= target) {
                        text.append(' ').append(capitalise(detail)).append(detail.startsWith("is ") ? "?" : ".");
                    }
                }
                String sentence = text.toString();
                if (words(sentence) < 5) {
                    sentence = pick(random, OPENERS) + " " + sentence;
                }
                int w = words(sentence);
                if (w >= 5 && w <= 40) {
                    out.add(sentence);
                }
            }
            return List.copyOf(out);
        }

        /** {@code n} distinct short questions of 5 to 12 words. */
        static List<String> shortQuestions(int n, long seed) {
            Random random = new Random(seed);
            Set<String> out = new LinkedHashSet<>();
            int attempts = 0;
            while (out.size() < n && attempts++ < 1_000_000) {
                String q = switch (random.nextInt(3)) {
                    case 0 -> pick(random, QUESTIONS);
                    case 1 -> pick(random, QUESTION_STARTS) + " " + pick(random, THINGS) + "?";
                    default -> "Why " + pick(random, THINGS).replaceFirst("the ", "does the ") + " "
                            + pick(random, new String[]{"leak", "keep breaking", "make noise", "smell", "not work"})
                            + "?";
                };
                if (random.nextInt(4) == 0) {
                    q = pick(random, OPENERS) + " " + Character.toLowerCase(q.charAt(0)) + q.substring(1);
                }
                int w = words(q);
                if (w >= 5 && w <= 12) {
                    out.add(q);
                }
            }
            if (out.size() < n) {
                // Fewer distinct questions than asked for: repeat them in order (still deterministic).
                List<String> base = new ArrayList<>(out);
                List<String> all = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    all.add(base.get(i % base.size()));
                }
                return List.copyOf(all);
            }
            return List.copyOf(out);
        }

        private static String lowerFirstAfterComma(CharSequence opener, String core) {
            char last = opener.charAt(opener.length() - 2);
            return last == ',' || last == ':' ? Character.toLowerCase(core.charAt(0)) + core.substring(1) : core;
        }

        private static String capitalise(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        private static String pick(Random random, String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
