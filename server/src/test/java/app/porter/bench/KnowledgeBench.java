package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import app.porter.audit.AuditLog;
import app.porter.inference.OnnxEmbedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeIndex;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;
import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;
import app.porter.knowledge.TestDocuments;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The knowledge base's numbers, printed as a table:
 * <ol>
 *   <li><b>Search at 100k passages</b> (synthetic: unit vectors of 384 dimensions, one view each, clustered
 *       around 1,000 random topic centres as real embeddings are, and random words from a Zipf-distributed
 *       vocabulary for BM25, spread over 50 properties): latency p50/p99 of
 *       the hybrid search Porter answers with (BM25 + HNSW + RRF + exact similarity of the results), of HNSW and
 *       BM25 alone, with and without a property's scope filter, and of exact brute-force search over the same
 *       vectors in the same run; recall@10 of HNSW against that exact search. Query vectors are stored vectors
 *       with noise added (cosine about 0.9 to their source), as real questions sit near real passages.</li>
 * </ol>
 * Query embedding is not part of the search latency (see EmbeddingBench for it); PDF ingestion is IngestionBench.
 *
 * <p>A plain {@code main}; from the repository root (Lucene's SIMD code wants the incubating vector module, which
 * exec:java can only get through MAVEN_OPTS):
 * <pre>
 * MAVEN_OPTS="--add-modules jdk.incubator.vector" ./mvnw -q -pl server test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.KnowledgeBench
 * </pre>
 * Optional: {@code -Dbench.passages=100000 -Dbench.queries=1000
 * -Dbench.clusters=1000 -Dbench.uniform=false}.
 */
public final class KnowledgeBench {

    private static final int DIMENSIONS = 384;
    private static final int PROPERTIES = 50;
    private static final int VOCABULARY = 5000;
    private static final int BATCH = 1000;
    private static final int K = 10;

    private KnowledgeBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int passages = Integer.getInteger("bench.passages", 100_000);
        int queries = Integer.getInteger("bench.queries", 1000);
        boolean simd = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        double loadBefore = loadAverage();

        Path dir = Files.createTempDirectory("porter-bench-");
        try {
            List<String[]> rows = new ArrayList<>();
            search(dir.resolve("search"), passages, queries, rows);

            System.out.printf(Locale.ROOT, "%nKnowledge base benchmark: %d CPUs, Java %s, Lucene SIMD (jdk.incubator.vector) %s,"
                            + " load average %.2f before / %.2f after (the machine is shared)%n%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), simd ? "on" : "OFF", loadBefore,
                    loadAverage());
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            for (String[] row : rows) {
                System.out.println("| " + row[0] + " | " + row[1] + " |");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // --- 2. search at 100k ---

    private static void search(Path folder, int count, int queryCount, List<String[]> rows) throws java.io.IOException {
        Random random = new Random(42);
        String[] vocabulary = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            vocabulary[i] = word(random, i);
        }
        double[] zipf = zipfCumulative(VOCABULARY);
        float[][] vectors = new float[count][];
        String[] texts = new String[count];
        // Embeddings of real passages are clustered (topics), not spread uniformly: a passage here is a random
        // topic centre plus noise. With uniform random vectors every point is about as far from a query as every
        // other (cosines within a few hundredths of 0), "the 10 nearest" are near-ties, and no graph navigates to
        // them: -Dbench.uniform=true shows that worst case.
        boolean uniform = Boolean.getBoolean("bench.uniform");
        int clusters = Integer.getInteger("bench.clusters", Math.max(1, count / 100));
        float[][] centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = randomUnit(random);
        }

        long buildStart = System.nanoTime();
        try (KnowledgeIndex index = KnowledgeIndex.open(folder, "bench-random-" + DIMENSIONS, DIMENSIONS)) {
            for (int start = 0; start < count; start += BATCH) {
                List<KnowledgeIndex.IndexedPassage> batch = new ArrayList<>(BATCH);
                String documentId = "doc-" + start / BATCH;
                for (int i = start; i < Math.min(count, start + BATCH); i++) {
                    vectors[i] = uniform ? randomUnit(random) : noisy(random, centres[random.nextInt(clusters)], 1.0f);
                    texts[i] = words(random, vocabulary, zipf, 30 + random.nextInt(30));
                    String property = "p" + (i % PROPERTIES);
                    Passage passage = new Passage(documentId + "#" + i, documentId, "Synthetic " + documentId,
                            property, null, words(random, vocabulary, zipf, 3), texts[i]);
                    batch.add(new KnowledgeIndex.IndexedPassage(passage, i, List.of(vectors[i])));
                }
                // One document per batch; each replace commits and refreshes, as an upload does.
                index.replace(documentId, "v1", batch);
            }
            double buildSeconds = seconds(System.nanoTime() - buildStart);
            rows.add(new String[]{"index build, " + count + " synthetic passages (1 vector each, " + DIMENSIONS
                    + " dims, " + count / BATCH + " commits)", String.format(Locale.ROOT, "%.1f s (%.0f passages/s)",
                    buildSeconds, count / buildSeconds)});

            List<float[]> queryVectors = new ArrayList<>();
            List<String> queryTexts = new ArrayList<>();
            List<String> queryScopes = new ArrayList<>();
            for (int q = 0; q < queryCount + 200; q++) {
                int source = random.nextInt(count);
                queryVectors.add(noisy(random, vectors[source], 0.5f));
                String[] sourceWords = texts[source].split(" ");
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 4; w++) {
                    text.append(sourceWords[random.nextInt(sourceWords.length)]).append(' ');
                }
                queryTexts.add(text.toString().strip());
                queryScopes.add("p" + random.nextInt(PROPERTIES));
            }

            // Warm-up (JIT, page cache), untimed.
            for (int q = 0; q < 200; q++) {
                index.search(queryTexts.get(q), queryVectors.get(q), null, K, KnowledgeIndex.Mode.HYBRID);
                index.search(queryTexts.get(q), queryVectors.get(q), List.of("portfolio", "property:" + queryScopes.get(q)),
                        K, KnowledgeIndex.Mode.HYBRID);
                exact(vectors, queryVectors.get(q), null, K);
            }

            long[] hybrid = new long[queryCount];
            long[] hybridScoped = new long[queryCount];
            long[] hnsw = new long[queryCount];
            long[] hnswScoped = new long[queryCount];
            long[] bm25 = new long[queryCount];
            long[] brute = new long[queryCount];
            double recall = 0;
            double recallScoped = 0;
            for (int i = 0; i < queryCount; i++) {
                int q = 200 + i;
                float[] vector = queryVectors.get(q);
                String text = queryTexts.get(q);
                List<String> scope = List.of("portfolio", "property:" + queryScopes.get(q));
                int property = Integer.parseInt(queryScopes.get(q).substring(1));

                long t = System.nanoTime();
                index.search(text, vector, null, K, KnowledgeIndex.Mode.HYBRID);
                hybrid[i] = System.nanoTime() - t;

                t = System.nanoTime();
                index.search(text, vector, scope, K, KnowledgeIndex.Mode.HYBRID);
                hybridScoped[i] = System.nanoTime() - t;

                t = System.nanoTime();
                List<ScoredPassage> approximate = index.search(text, vector, null, K, KnowledgeIndex.Mode.VECTOR);
                hnsw[i] = System.nanoTime() - t;

                t = System.nanoTime();
                List<ScoredPassage> approximateScoped = index.search(text, vector, scope, K, KnowledgeIndex.Mode.VECTOR);
                hnswScoped[i] = System.nanoTime() - t;

                t = System.nanoTime();
                index.search(text, null, null, K, KnowledgeIndex.Mode.KEYWORD);
                bm25[i] = System.nanoTime() - t;

                t = System.nanoTime();
                Set<Integer> truth = exact(vectors, vector, null, K);
                brute[i] = System.nanoTime() - t;
                Set<Integer> truthScoped = exact(vectors, vector, property, K);

                recall += overlap(approximate, truth) / (double) K;
                recallScoped += overlap(approximateScoped, truthScoped) / (double) K;
            }
            rows.add(latencyRow("hybrid search (BM25 + HNSW + RRF), all " + count, hybrid));
            rows.add(latencyRow("hybrid search, one property's scope (2% of passages)", hybridScoped));
            rows.add(latencyRow("HNSW alone (block join, best view per passage), all", hnsw));
            rows.add(latencyRow("HNSW alone, one property's scope", hnswScoped));
            rows.add(latencyRow("BM25 alone, all", bm25));
            rows.add(latencyRow("exact brute-force top 10 (plain Java dot products over a float[][])", brute));
            rows.add(new String[]{"recall@10 of HNSW vs exact, all / one property's scope",
                    String.format(Locale.ROOT, "%.3f / %.3f (%d queries, %s)", recall / queryCount,
                            recallScoped / queryCount, queryCount,
                            uniform ? "uniform random vectors" : clusters + " topic clusters")});
            rows.add(new String[]{"Lucene segments after the build (one HNSW graph each)",
                    Integer.toString(index.segments())});
        }
    }

    private static int overlap(List<ScoredPassage> found, Set<Integer> truth) {
        int hits = 0;
        for (ScoredPassage hit : found) {
            String id = hit.passage().id();
            if (truth.contains(Integer.parseInt(id.substring(id.indexOf('#') + 1)))) {
                hits++;
            }
        }
        return hits;
    }

    /** The exact top k by dot product, optionally only among one property's passages (i % PROPERTIES). */
    private static Set<Integer> exact(float[][] vectors, float[] query, Integer property, int k) {
        int[] best = new int[k];
        float[] scores = new float[k];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            if (property != null && i % PROPERTIES != property) {
                continue;
            }
            float[] v = vectors[i];
            float dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * query[d];
            }
            if (dot > scores[k - 1]) {
                int at = k - 1;
                while (at > 0 && scores[at - 1] < dot) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = dot;
                best[at] = i;
            }
        }
        Set<Integer> top = new HashSet<>();
        for (int i = 0; i < k; i++) {
            top.add(best[i]);
        }
        return top;
    }

    private static String[] latencyRow(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1e6;
        double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        return new String[]{what + ": latency p50 / p99", String.format(Locale.ROOT, "%.2f ms / %.2f ms", p50, p99)};
    }

    private static float[] randomUnit(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    /** {@code source} plus Gaussian noise of relative size {@code amount}, back on the unit sphere. */
    private static float[] noisy(Random random, float[] source, float amount) {
        float[] v = new float[DIMENSIONS];
        double scale = amount / Math.sqrt(DIMENSIONS);
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) (source[d] + random.nextGaussian() * scale);
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inverse;
        }
        return v;
    }

    private static String word(Random random, int i) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        StringBuilder word = new StringBuilder();
        int length = 3 + random.nextInt(7);
        for (int c = 0; c < length; c++) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.append(i % 10).toString(); // unique enough, and never an English stop word
    }

    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static String words(Random random, String[] vocabulary, double[] zipf, int n) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < n; w++) {
            int i = Arrays.binarySearch(zipf, random.nextDouble());
            text.append(vocabulary[i < 0 ? -i - 1 : i]).append(' ');
        }
        return text.toString().strip();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
