package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.ExtractiveAnswerer;
import app.porter.chat.TokenSink;
import app.porter.inference.Embedder;
import app.porter.inference.EmbeddingModel;
import app.porter.inference.OnnxEmbedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeIndex;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;
import app.porter.knowledge.TestDocuments;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * PDF ingestion, end to end through {@link KnowledgeLibrary} (upload, parse, split, embed, index, commit), in
 * several set-ups measured in one run on the same PDFs: <b>before</b>, how Porter indexed until now
 * (all-MiniLM-L6-v2, every sentence a view, each text embedded one after another on one session: an embedder
 * whose passage side is its question side), then Porter's indexing path now (runs side by side on every core,
 * questions first, repeated texts embedded once) with sentence views and with whole-passage views, and e5-small-v2
 * for the cost of a 12-layer model. What Porter ships is {@link KnowledgeBase#MODEL} with
 * {@link KnowledgeBase#DEFAULT_VIEWS}, passages side by side on indexing threads at nice 10
 * ({@link app.porter.inference.BackgroundPriority}). Where the time goes is printed per set-up: parsing (the
 * upload call), embedding (inside {@code embedPassages}) and the rest of the indexing worker's time (Lucene
 * blocks, one commit per document with its HNSW graph, SQLite rows in one transaction per document).
 * For each: pages/s, and the latency of tenant answers (extractive: the question embedded, searched, quoted) asked
 * one after another from another thread, while idle and while the upload is indexed: p50 and p99.
 *
 * <p>A plain {@code main}; from the repository root:
 * <pre>
 * MAVEN_OPTS="--add-modules jdk.incubator.vector" ./mvnw -q -pl server test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.IngestionBench
 * </pre>
 * Optional: {@code -Dbench.pdfs=4 -Dbench.pdfPages=5}.
 */
public final class IngestionBench {

    private static final List<String> QUESTIONS = List.of("Who repairs the water heater?",
            "Can I store things on the balcony?", "When will the landlord inspect the windows?",
            "Who pays for the carpets?", "What do I do about the smoke alarms before moving out?");

    private IngestionBench() {
    }

    /**
     * One set-up: the embedding model, its views, whether passages take the parallel indexing path (two
     * single-threaded sessions side by side) or one session with every core as intra-op threads, and the nice value
     * of the indexing threads ({@code porter.backgroundNice}: 0 is the priority of tenants' requests).
     */
    private record Setup(String name, EmbeddingModel model, KnowledgeBase.Views views, boolean parallel, int nice) {
    }

    /** Wall time spent inside {@link Embedder#embedPassages}, the embedding share of ingestion. */
    private static final class TimedPassages implements Embedder {
        private final Embedder inner;
        private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

        TimedPassages(Embedder inner) {
            this.inner = inner;
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return inner.embedAll(texts);
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            long t0 = System.nanoTime();
            try {
                return inner.embedPassages(texts);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int pdfs = Integer.getInteger("bench.pdfs", 4);
        int pagesEach = Integer.getInteger("bench.pdfPages", 5);
        int cores = Runtime.getRuntime().availableProcessors();
        Random random = new Random(7);
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < pdfs; i++) {
            files.add(TestDocuments.pdf("Lease " + i, leaseText(random, pagesEach)));
        }
        List<Setup> setups = List.of(
                new Setup("before: MiniLM, sentence views, one session (all cores), nice 0",
                        EmbeddingModel.MINILM_L6_V2_Q, KnowledgeBase.Views.SENTENCES, false, 0),
                new Setup("MiniLM, whole views, one session (all cores), nice 0", EmbeddingModel.MINILM_L6_V2_Q,
                        KnowledgeBase.Views.WHOLE, false, 0),
                new Setup("MiniLM, whole views, side by side, nice 0", EmbeddingModel.MINILM_L6_V2_Q,
                        KnowledgeBase.Views.WHOLE, true, 0),
                new Setup("shipped: MiniLM, whole views, side by side, nice 10", EmbeddingModel.MINILM_L6_V2_Q,
                        KnowledgeBase.Views.WHOLE, true, 10),
                new Setup("e5-small-v2, whole views, side by side, nice 10", EmbeddingModel.E5_SMALL_V2_Q,
                        KnowledgeBase.Views.WHOLE, true, 10));
        List<String> rows = new ArrayList<>();
        double load = loadAverage();
        for (Setup setup : setups) {
            Path dir = Files.createTempDirectory("porter-ingest-");
            try {
                rows.add(run(setup, dir, files, pdfs * pagesEach, cores));
            } finally {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nPDF ingestion: %d PDFs of %d pages, %d CPUs, load average %.2f before /"
                + " %.2f after (the machine is shared)%n%n", pdfs, pagesEach, cores, load, loadAverage());
        System.out.println("| set-up | pages/s | parse s | embed s | index + SQLite s | passages | views indexed"
                + " | embed ms/view | answer p50 / p99 idle (ms) | answer p50 / p99 while indexing (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(Setup setup, Path dataDir, List<byte[]> files, int pages, int cores) throws Exception {
        try (Database database = Database.open(dataDir);
             OnnxEmbedder onnx = OnnxEmbedder.load(setup.model(), cores)) {
            // Read when the indexing threads start (they start with this set-up's embedder and library).
            System.setProperty("porter.backgroundNice", Integer.toString(setup.nice()));
            TimedPassages embedder = new TimedPassages(setup.parallel() ? onnx : oneAtATime(onnx));
            new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                    KnowledgeLibrary.MIGRATIONS).flatMap(List<Migration>::stream).toList());
            AuditLog audit = new AuditLog(database, Clock.systemUTC());
            Portfolio portfolio = new Portfolio(database, audit, Clock.systemUTC());
            portfolio.addIfAbsent(new Property("bench", "Bench"));
            try (KnowledgeIndex index = KnowledgeIndex.open(dataDir.resolve("index"), embedder.modelName(),
                    embedder.dimensions());
                 KnowledgeLibrary service = new KnowledgeLibrary(database, portfolio, audit,
                         new KnowledgeBase(embedder, index, setup.views()), dataDir.resolve("knowledge"),
                         new KnowledgeLibrary.Settings(64L << 20), Clock.systemUTC())) {
                service.start();
                KnowledgeBase knowledge = new KnowledgeBase(embedder, index, setup.views());
                ExtractiveAnswerer answerer = new ExtractiveAnswerer(knowledge, new ExtractiveAnswerer.Settings(0.1f,
                        0.02f));
                // Warm-up: one small document through the whole path (JIT, ONNX Runtime, PDFBox fonts).
                service.installBundled("warm-up", new KnowledgeLibrary.Upload("warm-up.pdf", "application/pdf",
                        TestDocuments.pdf("Warm-up", leaseText(new Random(1), 1)), Scope.property("bench")));
                long[] idle = answers(answerer, 60, null);

                AtomicBoolean indexing = new AtomicBoolean(true);
                long[][] during = new long[1][];
                Thread tenant = Thread.ofPlatform().start(() -> during[0] = answers(answerer, Integer.MAX_VALUE,
                        indexing));
                long embeddedBefore = embedder.nanos.get();
                long start = System.nanoTime();
                long parsing = 0;
                long firstUpload = 0;
                for (int i = 0; i < files.size(); i++) {
                    long t0 = System.nanoTime(); // an upload is checked and parsed on the caller's thread
                    service.upload(new Actor("bench", Role.ADMIN), new KnowledgeLibrary.Upload("lease-" + i + ".pdf",
                            "application/pdf", files.get(i), Scope.property("bench")));
                    parsing += System.nanoTime() - t0;
                    firstUpload = i == 0 ? System.nanoTime() - t0 : firstUpload;
                }
                if (!service.awaitIdle(Duration.ofMinutes(30))) {
                    throw new IllegalStateException("ingestion did not finish");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                indexing.set(false);
                tenant.join();
                int passages = service.documents(null).stream().mapToInt(d -> d.passages()).sum();
                double embedding = (embedder.nanos.get() - embeddedBefore) / 1e9;
                // The indexing worker starts with the first parsed upload and then embeds and writes; the parsing
                // of later uploads overlaps its work. What is not embedding is the Lucene and SQLite writes.
                double rest = Math.max(0, seconds - firstUpload / 1e9 - embedding);
                int views = index.views();
                return String.format(Locale.ROOT, "| %s | %.1f (%.1f s) | %.2f | %.2f | %.2f | %d | %d | %.1f"
                                + " | %.1f / %.1f | %.1f / %.1f (%d answers) |",
                        setup.name(), pages / seconds, seconds, parsing / 1e9, embedding, rest, passages, views,
                        embedding * 1000 / Math.max(1, views), ms(idle, 50), ms(idle, 99), ms(during[0], 50),
                        ms(during[0], 99), during[0].length);
            }
        }
    }

    /** Porter's indexing path before: each passage text embedded alone, one after another, like a question. */
    private static Embedder oneAtATime(OnnxEmbedder onnx) {
        return new Embedder() {
            @Override
            public int dimensions() {
                return onnx.dimensions();
            }

            @Override
            public String modelName() {
                return onnx.modelName();
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                return onnx.embedAll(texts);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Latencies of extractive answers asked one after another, {@code count} of them or while {@code until}. */
    private static long[] answers(ExtractiveAnswerer answerer, int count, AtomicBoolean until) {
        List<Long> nanos = new ArrayList<>();
        TokenSink none = token -> { };
        for (int i = 0; i < count && (until == null || until.get()); i++) {
            long t0 = System.nanoTime();
            answerer.answer(QUESTIONS.get(i % QUESTIONS.size()), Scope.property("bench"), none);
            nanos.add(System.nanoTime() - t0);
            if (until != null) {
                try {
                    Thread.sleep(20); // a tenant now and then, not a flood
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    private static double ms(long[] nanos, int percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int at = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))] / 1e6;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A lease of about {@code pages} letter pages: numbered clauses of plausible, varied sentences. */
    static String leaseText(Random random, int pages) {
        String[] subjects = {"The Tenant", "The Landlord", "Each resident", "A guest", "The property manager"};
        String[] verbs = {"must keep", "may request", "shall repair", "is responsible for", "will inspect",
                "must not alter", "may store", "shall pay for"};
        String[] objects = {"the kitchen appliances", "the parking space", "the storage locker", "the smoke alarms",
                "the balcony", "the water heater", "the front door lock", "the laundry room", "the garden",
                "the heating system", "the windows", "the carpets"};
        String[] when = {"every month", "before moving out", "within 30 days", "after written notice",
                "during quiet hours", "at the start of the lease", "once a year", "when asked by the Landlord"};
        StringBuilder text = new StringBuilder("RESIDENTIAL LEASE AGREEMENT\n\n");
        int lines = pages * 40;
        int clause = 1;
        int written = 2;
        while (written < lines) {
            text.append(clause / 4 + 1).append('.').append(clause % 4 + 1).append(' ')
                    .append(capitalise(objects[random.nextInt(objects.length)].substring(4))).append(". ");
            int sentences = 3 + random.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                text.append(subjects[random.nextInt(subjects.length)]).append(' ')
                        .append(verbs[random.nextInt(verbs.length)]).append(' ')
                        .append(objects[random.nextInt(objects.length)]).append(' ')
                        .append(when[random.nextInt(when.length)]).append(". ");
            }
            text.append("\n\n");
            written += 1 + sentences * 60 / 90 + 1;
            clause++;
        }
        return text.toString();
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
