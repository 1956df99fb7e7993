package app.porter.bench;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import app.porter.inference.DecoderModel;
import app.porter.inference.GenerationEngine;
import app.porter.inference.GenerationSettings;
import app.porter.inference.ReformTimer;
import app.porter.inference.StepTimer;
import app.porter.inference.TinyLlama;
import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.TestCheckpoints;
import app.porter.modelimport.WeightFormat;

/**
 * Generation speed, printed as a table:
 * <ul>
 *   <li>decode tokens/s of Porter's engine (one stream) against a bare ONNX Runtime greedy loop over the same
 *       model file in the same run (same session options, present tensors fed straight back as past);</li>
 *   <li>aggregate tokens/s with 1, 2, 4 and 8 concurrent streams (continuous batching);</li>
 *   <li>what the KV cache costs when a stream joins or leaves a batch of eight and on a prefix-cache hit, beside
 *       the old way (rows copied through Java heap buffers, a prefix hit copied twice) timed in the same run;</li>
 *   <li>time to first token for a long prompt, cold and again with a shared prefix (prefix KV reuse);</li>
 *   <li>the process's peak RSS.</li>
 * </ul>
 * Models: {@code ../shared/models/stories260K} when present, and a random-weight Llama at SmolLM2-135M's
 * dimensions that the bench builds itself (float32, weights in external data), and that size as an import writes
 * it (the fused graph with int8 blocks; {@code -Dbench.fused=false} skips it).
 *
 * <pre>./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.GenerationBench</pre>
 * Options (system properties): {@code -Dbench.tokens=64} decode tokens per run, {@code -Dbench.threads=N} ONNX
 * Runtime threads (default: all cores), {@code -Dbench.smol=false} to skip the SmolLM2-size model.
 */
public final class GenerationBench {

    private static final int TOKENS = Integer.getInteger("bench.tokens", 64);
    private static final int THREADS = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
    private static final List<String> ROWS = new ArrayList<>();

    private GenerationBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(repo.resolve("server")) && repo.getParent() != null) {
            repo = repo.getParent();
        }
        Path stories = repo.getParent().resolve("shared/models/stories260K");
        System.out.printf(Locale.ROOT, "cores %d, ONNX Runtime threads %d, %d decode tokens per run%n",
                Runtime.getRuntime().availableProcessors(), THREADS, TOKENS);
        if (Files.isRegularFile(stories.resolve("model.onnx"))) {
            bench("stories260K", stories, 400, 7);
        } else {
            System.out.println("(no " + stories + ": skipping stories260K)");
        }
        if (!"false".equals(System.getProperty("bench.smol"))) {
            Path smol = Files.createTempDirectory("porter-bench-smollm2");
            try {
                long start = System.nanoTime();
                TinyLlama.write(TinyLlama.Spec.smolLm2(7), smol, 1, 2);
                TinyLlama.writeTokenizer(smol, TinyLlama.vocabulary(List.of()));
                System.out.printf(Locale.ROOT, "built a random SmolLM2-135M-size model in %.1f s (%d MB)%n",
                        (System.nanoTime() - start) / 1e9, Files.size(smol.resolve("model.onnx_data")) >> 20);
                bench("SmolLM2-135M-size random f32", smol, 1000, 5);
                if (!"false".equals(System.getProperty("bench.fused"))) {
                    // the same dimensions as an import writes them: the fused graph, int8 blocks (random weights of
                    // its own: the generic model's are in external data, which the checkpoint reader of the tests
                    // does not follow; speed does not depend on the values)
                    Path fused = smol.resolve("fused-int8");
                    FusedDecoderWriter.write(TestCheckpoints.random(FusedDecoderBench.shape(TinyLlama.Spec.smolLm2(7)),
                            7, TestCheckpoints.tokenizer(smol)), WeightFormat.INT8, fused, ImportProgress.SILENT);
                    bench("SmolLM2-135M-size fused int8", fused, 1000, 5);
                }
            } finally {
                try (var files = Files.walk(smol)) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| model | measure | value |");
        System.out.println("|---|---|---|");
        ROWS.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "| process | peak RSS | %d MB |%n", peakRssMb());
    }

    private static void bench(String name, Path folder, int longPrompt, int repeats) throws Exception {
        System.out.println("== " + name);
        try (DecoderModel model = DecoderModel.load(folder, THREADS)) {
            int vocab = model.signature().vocabSize();
            int[] prompt = randomTokens(16, vocab, 1);

            // 1. decode speed: bare loop vs Porter's engine, alternating, best of `repeats`
            // On a shared machine the load changes from second to second: compare each Porter run with the bare
            // run right before it and report the median of those ratios, beside the best speed of each.
            double bare = 0;
            double porter = 0;
            double[] ratios = new double[repeats];
            try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(8, 8, 256, 0, 0))) {
                engine.generate(prompt, GenerationSettings.greedy(8), id -> true); // warm up
                bareLoop(model.onnxFile(), prompt, 8);
                for (int r = 0; r < repeats; r++) {
                    double b = bareLoop(model.onnxFile(), prompt, TOKENS);
                    double p = engine.generate(prompt, GenerationSettings.greedy(TOKENS), id -> true)
                            .decodeTokensPerSecond();
                    bare = Math.max(bare, b);
                    porter = Math.max(porter, p);
                    ratios[r] = p / b;
                }
            }
            Arrays.sort(ratios);
            row(name, "decode tok/s, bare ORT greedy loop (best)", bare);
            row(name, "decode tok/s, Porter engine, 1 stream (best)", porter);
            ROWS.add(String.format(Locale.ROOT, "| %s | Porter / bare, median of %d paired runs | %.2f× (range %.2f–%.2f) |",
                    name, repeats, ratios[repeats / 2], ratios[0], ratios[repeats - 1]));

            // 2a. the model itself: one decode step's time at batch 1, 4, 8 (64 cached tokens per row)
            double one = 0;
            for (int rows : new int[]{1, 4, 8}) {
                double ms = StepTimer.stepMillis(model, rows, 64);
                if (rows == 1) {
                    one = ms;
                }
                ROWS.add(String.format(Locale.ROOT, "| %s | model step, batch %d | %.1f ms (%.1f tok/s, %.2f× of"
                        + " batch 1) |", name, rows, ms, rows * 1000 / ms, rows * one / ms));
            }

            // 2b. aggregate throughput with concurrent streams through the engine
            double single = 0;
            try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(8, 8, 256, 0, 0))) {
                for (int streams : new int[]{1, 2, 4, 8}) {
                    double aggregate = concurrent(engine, streams, vocab);
                    if (streams == 1) {
                        single = aggregate;
                    }
                    ROWS.add(String.format(Locale.ROOT, "| %s | aggregate tok/s, %d streams | %.1f (%.2f×) |", name,
                            streams, aggregate, aggregate / single));
                }
            }

            // 2c. the KV cache when streams join and leave and on a prefix hit: now, and the old way in this run
            for (ReformTimer.Timing t : ReformTimer.time(model, 128)) {
                ROWS.add(String.format(Locale.ROOT, "| %s | KV: %s | %.2f ms (before: %.2f ms, through Java"
                        + " buffers) |", name, t.operation(), t.nowMillis(), t.beforeMillis()));
            }

            // 3. time to first token, long prompt: cold, then a new question after the same long prefix
            int window = model.contextLength();
            int length = Math.min(longPrompt, window - TOKENS - 8);
            int[] first = randomTokens(length, vocab, 2);
            int[] second = first.clone();
            int[] tail = randomTokens(length / 20, vocab, 3);
            System.arraycopy(tail, 0, second, length - tail.length, tail.length);
            try (GenerationEngine engine = new GenerationEngine(model, new GenerationEngine.Settings(8, 8, 256, 4,
                    512L << 20))) {
                GenerationEngine.Result cold = engine.generate(first, GenerationSettings.greedy(1), id -> true);
                GenerationEngine.Result warm = engine.generate(second, GenerationSettings.greedy(1), id -> true);
                ROWS.add(String.format(Locale.ROOT, "| %s | TTFT, %d-token prompt, cold | %.0f ms |", name, length,
                        cold.firstTokenNanos() / 1e6));
                ROWS.add(String.format(Locale.ROOT, "| %s | TTFT, same prompt with a new %d-token tail (prefix"
                                + " reuse of %d) | %.0f ms (%.1f× faster) |", name, tail.length, warm.reusedTokens(),
                        warm.firstTokenNanos() / 1e6, (double) cold.firstTokenNanos() / warm.firstTokenNanos()));
            }
        }
    }

    private static double concurrent(GenerationEngine engine, int streams, int vocab) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GenerationEngine.Result>> results = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int[] prompt = randomTokens(16 + s, vocab, 10 + s);
                results.add(pool.submit(() -> {
                    start.await();
                    return engine.generate(prompt, GenerationSettings.greedy(TOKENS), id -> true);
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            int tokens = 0;
            for (Future<GenerationEngine.Result> f : results) {
                tokens += f.get().tokens().length;
            }
            return tokens * 1e9 / (System.nanoTime() - t0);
        }
    }

    /** The baseline: the plainest correct greedy loop over the same file, with Porter's session options. */
    static double bareLoop(Path onnx, int[] prompt, int tokens) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = DecoderModel.sessionOptions(THREADS);
             OrtSession session = env.createSession(onnx.toString(), options)) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            List<String> pastNames = inputs.keySet().stream().filter(n -> n.startsWith("past_key_values.")).sorted()
                    .toList();
            Map<String, OnnxTensor> past = new HashMap<>();
            for (String n : pastNames) {
                long[] shape = ((TensorInfo) inputs.get(n).getInfo()).getShape();
                past.put(n, OnnxTensor.createTensor(env, java.nio.FloatBuffer.allocate(0),
                        new long[]{1, shape[1], 0, shape[3]}));
            }
            OrtSession.Result previous = null;
            long[] ids = Arrays.stream(prompt).asLongStream().toArray();
            int position = 0;
            long decodeStart = 0;
            for (int step = 0; step <= tokens; step++) {
                if (step == 1) {
                    decodeStart = System.nanoTime(); // prefill excluded: decode speed only
                }
                int seq = ids.length;
                long[] positions = new long[seq];
                for (int i = 0; i < seq; i++) {
                    positions[i] = position + i;
                }
                long[] mask = new long[position + seq];
                Arrays.fill(mask, 1);
                Map<String, OnnxTensor> feed = new HashMap<>(past);
                OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, seq});
                OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[]{1, mask.length});
                OnnxTensor posT = OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[]{1, seq});
                feed.put("input_ids", idT);
                feed.put("attention_mask", maskT);
                feed.put("position_ids", posT);
                OrtSession.Result result = session.run(feed);
                idT.close();
                maskT.close();
                posT.close();
                if (previous != null) {
                    previous.close();
                } else {
                    past.values().forEach(OnnxTensor::close);
                }
                float[] logits = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer().array();
                int vocab = ((TensorInfo) session.getOutputInfo().get("logits").getInfo()).getShape()[2] > 0
                        ? (int) ((TensorInfo) session.getOutputInfo().get("logits").getInfo()).getShape()[2]
                        : logits.length / seq;
                int best = 0;
                int base = logits.length - vocab; // the last position (a fused graph returns only that one)
                for (int v = 1; v < vocab; v++) {
                    if (logits[base + v] > logits[base + best]) {
                        best = v;
                    }
                }
                position += seq;
                ids = new long[]{best};
                past = new HashMap<>();
                for (String n : pastNames) {
                    OnnxValue present = result.get(n.replace("past_key_values.", "present.")).orElseThrow();
                    past.put(n, (OnnxTensor) present);
                }
                previous = result;
            }
            double rate = tokens * 1e9 / (System.nanoTime() - decodeStart);
            previous.close();
            return rate;
        }
    }

    private static int[] randomTokens(int n, int vocab, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[n];
        ids[0] = 1;
        for (int i = 1; i < n; i++) {
            ids[i] = 3 + random.nextInt(Math.min(vocab, 500) - 3); // ordinary tokens, never bos/eos
        }
        return ids;
    }

    private static void row(String model, String measure, double value) {
        ROWS.add(String.format(Locale.ROOT, "| %s | %s | %.1f |", model, measure, value));
        System.out.printf(Locale.ROOT, "  %s: %.1f%n", measure, value);
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
