package app.porter.bench;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import app.porter.inference.DecoderModel;
import app.porter.inference.DecoderSignature;
import app.porter.inference.GenerationEngine;
import app.porter.inference.GenerationSettings;
import app.porter.inference.TinyLlama;
import app.porter.modelimport.Checkpoint;
import app.porter.modelimport.Checkpoints;
import app.porter.modelimport.GgufWriter;
import app.porter.modelimport.ImportVerifier;
import app.porter.modelimport.TensorType;
import app.porter.modelimport.TinyCheckpoints;
import app.porter.modelimport.VerificationReport;
import app.porter.modelimport.DecoderShape;
import app.porter.modelimport.FusedDecoderWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.TestCheckpoints;
import app.porter.modelimport.WeightFormat;

/**
 * The fused graph (issue 16) against the generic export, printed as a table: decode tokens/s (batch 1, 128 new
 * tokens after a 16-token prompt) and prompt processing tokens/s (one 512-token prompt), for the generic
 * TinyLlama-style f32 export and the fused graph in f32, int8 and int4, each run by Porter's engine and, for the
 * fused graphs, by a bare ONNX Runtime loop with the same session options; plus each graph's op count. All in
 * the same run, 2 intra-op threads (llama.cpp's reference numbers on this machine kind, same dimensions, 2
 * threads: decode 63 / 150 / 209 tok/s f32 / q8_0 / q4_0).
 *
 * <pre>./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.FusedDecoderBench</pre>
 * Options: {@code -Dbench.tokens=128} decode tokens, {@code -Dbench.prompt=512} prompt tokens,
 * {@code -Dbench.repeats=2} runs per row (best kept), {@code -Dbench.threads=2}, {@code -Dbench.only=gguf} for the
 * import rows alone, {@code -Dbench.gguf=q8_0,q4_0} for some of their types, {@code -Dbench.ggufDir=DIR} to keep
 * those GGUF files (for {@code llama-bench -m DIR/smollm2-135m-q4_0.gguf -t 2 -p 512 -n 128}),
 * {@code -Dbench.smol=false} to run
 * only the tiny model. For each quantized GGUF import it also prints the KV cache rows: decode tokens/s after 16
 * and after 1,024 tokens of context with the cache shared in place against the same graph told to copy its past
 * each step. The generic SmolLM2-size export has TinyLlama's random weights, the fused graphs their own
 * (same dimensions; speed does not depend on the values). With llama.cpp at hand, the same comparison is
 * {@code llama-bench -m model.gguf -t 2 -p 512 -n 128} on a GGUF of these dimensions (f32, q8_0, q4_0).
 */
public final class FusedDecoderBench {

    private static final int TOKENS = Integer.getInteger("bench.tokens", 128);
    private static final int PROMPT = Integer.getInteger("bench.prompt", 512);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 2);
    private static final List<String> ROWS = new ArrayList<>();
    private static final List<String> IMPORTS = new ArrayList<>();
    private static final List<String> KV_ROWS = new ArrayList<>();
    /** Tokens already in the cache when the KV rows start decoding: an empty chat, and one with a long prompt. */
    private static final int[] KV_CONTEXTS = {16, 1024};
    /** node-llama-cpp's harness (see its bench.mjs); its rows appear only where {@code npm ci} was run there. */
    private static final Path LLAMA_CPP = Files.isDirectory(Path.of("server/src/test/llamacpp"))
            ? Path.of("server/src/test/llamacpp") : Path.of("src/test/llamacpp"); // from the root or from server/
    /** Which GGUF types the import rows use: {@code -Dbench.gguf=f32,q8_0,q4_0} (the default). */
    private static final List<String> GGUF_TYPES = List.of(System.getProperty("bench.gguf", "f32,q8_0,q4_0")
            .split(","));

    private FusedDecoderBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("bench.threads") == null) {
            System.setProperty("bench.threads", "2"); // read by GenerationBench's bare loop, shared with this bench
        }
        int threads = Integer.getInteger("bench.threads");
        System.out.printf(Locale.ROOT, "cores %d, ONNX Runtime threads %d, %d decode tokens, %d-token prompt%n",
                Runtime.getRuntime().availableProcessors(), threads, TOKENS, PROMPT);
        List<String> vocab = TinyLlama.vocabulary(List.of());
        TinyLlama.Spec tiny = new TinyLlama.Spec(vocab.size(), 64, 2, 4, 2, 16, 128, 2048, 11, false, false, false,
                null, new int[0]);
        boolean onlyGguf = "gguf".equals(System.getProperty("bench.only"));
        if (!onlyGguf) {
            bench("tiny", tiny, vocab, threads, false);
        }
        if (!"false".equals(System.getProperty("bench.smol"))) {
            if (!onlyGguf) {
                bench("SmolLM2-135M-size", TinyLlama.Spec.smolLm2(7), vocab, threads, true);
            }
            sameGguf(threads);
        }
        System.out.println();
        System.out.println("| model | graph | ops | run by | decode tok/s | prompt tok/s |");
        System.out.println("|---|---|---|---|---|---|");
        ROWS.forEach(System.out::println);
        if (!IMPORTS.isEmpty()) {
            System.out.println();
            System.out.println("| GGUF | MB | read s | write s | verify s | import s | verification |");
            System.out.println("|---|---|---|---|---|---|---|");
            IMPORTS.forEach(System.out::println);
        }
        if (!KV_ROWS.isEmpty()) {
            System.out.println();
            System.out.println("| GGUF | context | decode tok/s, cache shared in place | decode tok/s, past copied each"
                    + " step | ratio |");
            System.out.println("|---|---|---|---|---|");
            KV_ROWS.forEach(System.out::println);
        }
    }

    /** A TinyLlama spec as a checkpoint's shape, with no end-of-sequence id: random weights never end a run early. */
    static DecoderShape shape(TinyLlama.Spec spec) {
        return new DecoderShape("llama", spec.vocab(), spec.hidden(), spec.layers(), spec.heads(), spec.kvHeads(),
                spec.headDim(), spec.intermediate(), spec.maxPositions(), 10000, 1e-5, true,
                DecoderShape.Variant.llama(), 1, new int[0]);
    }

    private static void bench(String name, TinyLlama.Spec spec, List<String> vocab, int threads, boolean random)
            throws Exception {
        Path root = Files.createTempDirectory("porter-fused-bench");
        try {
            Path generic = root.resolve("generic");
            Files.createDirectories(generic);
            TinyLlama.write(spec, generic, 1, -1); // eos -1: random weights never stop a run early
            TinyLlama.writeTokenizer(generic, vocab);
            DecoderShape shape = shape(spec);
            Checkpoint checkpoint = random
                    ? TestCheckpoints.random(shape, 7, TestCheckpoints.tokenizer(generic))
                    : TestCheckpoints.fromTinyLlama(generic, shape);
            int[] prompt = tokens(16, spec.vocab(), 1);
            int[] longPrompt = tokens(PROMPT, spec.vocab(), 2);
            measure(name, "generic f32", generic, threads, prompt, longPrompt, false);
            for (WeightFormat format : new WeightFormat[]{WeightFormat.F32, WeightFormat.INT8, WeightFormat.INT4}) {
                Path folder = root.resolve(format.name());
                long start = System.nanoTime();
                FusedDecoderWriter.write(checkpoint, format, folder, ImportProgress.SILENT);
                System.out.printf(Locale.ROOT, "%s: wrote fused %s in %.1f s%n", name, format,
                        (System.nanoTime() - start) / 1e9);
                measure(name, "fused " + format.name().toLowerCase(Locale.ROOT), folder, threads, prompt, longPrompt,
                        true);
            }
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The import path on SmolLM2-135M-sized random weights, against llama.cpp on the very same file: one GGUF per
     * type (f32, q8_0, q4_0) is written, imported as it is (read, fused graph written, verified; each timed), then
     * Porter's engine and a bare ORT loop run the graph, and llama.cpp runs the GGUF, all with the same threads.
     */
    private static void sameGguf(int threads) throws Exception {
        String keep = System.getProperty("bench.ggufDir"); // keeps the GGUF files there, for llama-bench by hand
        Path root = keep != null ? Files.createDirectories(Path.of(keep))
                : Files.createTempDirectory("porter-gguf-bench");
        String name = "SmolLM2-135M-size GGUF";
        try {
            Checkpoint weights = TinyCheckpoints.random(TinyCheckpoints.smolLm2_135M(), 135);
            int vocab = weights.shape().vocabSize();
            int[] prompt = tokens(16, vocab, 1);
            int[] longPrompt = tokens(PROMPT, vocab, 2);
            for (TensorType type : GGUF_TYPES.stream().map(t -> TensorType.valueOf(t.trim().toUpperCase(Locale.ROOT)))
                    .toList()) {
                String typeName = type.name().toLowerCase(Locale.ROOT);
                Path gguf = root.resolve("smollm2-135m-" + typeName + ".gguf");
                GgufWriter.write(weights, type, gguf);
                Path folder = root.resolve(typeName);
                long start = System.nanoTime();
                Checkpoint read = Checkpoints.read(gguf, ImportProgress.SILENT);
                long readEnd = System.nanoTime();
                FusedDecoderWriter.write(read, WeightFormat.AS_SOURCE, folder, ImportProgress.SILENT);
                long writeEnd = System.nanoTime();
                VerificationReport report = ImportVerifier.verify(read, WeightFormat.AS_SOURCE, folder,
                        ImportProgress.SILENT);
                long verifyEnd = System.nanoTime();
                IMPORTS.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %s |", typeName,
                        Files.size(gguf) >> 20, (readEnd - start) / 1e9, (writeEnd - readEnd) / 1e9,
                        (verifyEnd - writeEnd) / 1e9, (verifyEnd - start) / 1e9,
                        report.passed() ? "passed, largest logit error " + String.format(Locale.ROOT, "%.2g",
                                report.maxLogitError()) : "FAILED: " + report.summary()));
                System.out.println(IMPORTS.getLast());
                read = null;
                measure(name, typeName + " as-source", folder, threads, prompt, longPrompt, true);
                if (type != TensorType.F32) {
                    kvCache(typeName, folder, threads, vocab);
                }
                llamaCpp(name, typeName, gguf, threads, vocab);
            }
        } finally {
            if (keep == null) {
                try (var files = Files.walk(root)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * llama.cpp on the same GGUF: through node-llama-cpp's prebuilt CPU build when its harness is installed, and as
     * built here for this CPU ({@code native/build.sh}) when that binary is there; otherwise a note. Both print one
     * JSON line in the same shape.
     */
    private static void llamaCpp(String name, String graph, Path gguf, int threads, int vocab) throws Exception {
        List<String> arguments = List.of(gguf.toAbsolutePath().toString(), String.valueOf(threads),
                String.valueOf(PROMPT), String.valueOf(TOKENS), String.valueOf(REPEATS), String.valueOf(vocab));
        if (Files.isDirectory(LLAMA_CPP.resolve("node_modules"))) {
            List<String> command = new ArrayList<>(List.of("node", "bench.mjs"));
            command.addAll(arguments);
            llamaCppRows(name, graph, command, "llama.cpp (node-llama-cpp prebuilt)");
        } else {
            System.out.println("node-llama-cpp row skipped: run `npm ci --ignore-scripts` in server/src/test/llamacpp");
        }
        Path nativeBench = LLAMA_CPP.resolve("native/build/porter-llama-bench");
        if (Files.isExecutable(nativeBench)) {
            List<String> command = new ArrayList<>(List.of(nativeBench.toAbsolutePath().toString()));
            command.addAll(arguments);
            llamaCppRows(name, graph, command, "llama.cpp (built here, -march=native)");
        } else {
            System.out.println("native llama.cpp row skipped: run `bash server/src/test/llamacpp/native/build.sh`");
        }
    }

    private static void llamaCppRows(String name, String graph, List<String> command, String label)
            throws Exception {
        Process process = new ProcessBuilder(command).directory(LLAMA_CPP.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !out.contains("decodeTokensPerSecond")) {
            System.out.println(label + " failed: " + out);
            return;
        }
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(line))) {
            jakarta.json.JsonObject result = reader.readObject();
            // forward passes alone, as llama-bench's tg test; then the same with greedy sampling in the loop
            row(name, graph, 0, label, result.getJsonNumber("decodeTokensPerSecond").doubleValue(),
                    result.getJsonNumber("prefillTokensPerSecond").doubleValue());
            row(name, graph, 0, label + ", greedy loop",
                    result.getJsonNumber("sampledDecodeTokensPerSecond").doubleValue(),
                    result.getJsonNumber("prefillTokensPerSecond").doubleValue());
        }
    }

    /**
     * Porter's engine and the bare loop, alternating within each repeat (the engine's session stays open while the
     * bare loop opens its own): measured one after the other, whichever ran second looked up to 40% faster or slower
     * at prompt processing; alternated, the engine's first token and a bare pass over the same prompt agree within
     * noise.
     */
    private static void measure(String name, String graph, Path folder, int threads, int[] prompt, int[] longPrompt,
                                boolean bare) throws Exception {
        int ops = opCount(folder.resolve("model.onnx"));
        double decode = 0;
        double fill = 0;
        double bareDecode = 0;
        double bareFill = 0;
        try (DecoderModel model = DecoderModel.load(folder, threads);
             GenerationEngine engine = new GenerationEngine(model,
                     new GenerationEngine.Settings(1, 0, longPrompt.length, 0, 0))) {
            engine.generate(prompt, GenerationSettings.greedy(8), id -> true); // warm up
            engine.generate(longPrompt, GenerationSettings.greedy(1), id -> true);
            for (int r = 0; r < REPEATS; r++) {
                decode = Math.max(decode, engine.generate(prompt, GenerationSettings.greedy(TOKENS), id -> true)
                        .decodeTokensPerSecond());
                GenerationEngine.Result first = engine.generate(longPrompt, GenerationSettings.greedy(1), id -> true);
                fill = Math.max(fill, longPrompt.length * 1e9 / first.firstTokenNanos());
                if (bare) {
                    bareDecode = Math.max(bareDecode, GenerationBench.bareLoop(folder.resolve("model.onnx"), prompt,
                            TOKENS));
                    bareFill = Math.max(bareFill, bareFill(folder.resolve("model.onnx"), longPrompt, threads));
                }
            }
        }
        row(name, graph, ops, "Porter engine", decode, fill);
        if (bare) {
            row(name, graph, ops, "bare ORT loop", bareDecode, bareFill);
        }
    }

    /**
     * The shared-buffer KV cache against the same graph told not to share (a copy of the folder whose model lacks
     * the {@code porter.kv_cache} metadata, so the engine gives GroupQueryAttention a new present each step and it
     * copies the past into it): decode tokens/s after a short and a long context, the two engines alternating, best
     * of the repeats.
     */
    private static void kvCache(String graph, Path folder, int threads, int vocab) throws Exception {
        Path copying = folder.resolveSibling(folder.getFileName() + "-copying");
        Files.createDirectories(copying);
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Path target = copying.resolve(file.getFileName());
                Files.deleteIfExists(target);
                if (file.getFileName().toString().equals("model.onnx")) {
                    ModelProto model;
                    try (InputStream in = Files.newInputStream(file)) {
                        model = ModelProto.parseFrom(in);
                    }
                    ModelProto.Builder without = model.toBuilder().clearMetadataProps();
                    model.getMetadataPropsList().stream()
                            .filter(e -> !e.getKey().equals(DecoderSignature.KV_CACHE_METADATA))
                            .forEach(without::addMetadataProps);
                    try (var out = Files.newOutputStream(target)) {
                        without.build().writeTo(out);
                    }
                } else {
                    Files.createLink(target, file);
                }
            }
        }
        int maxContext = Arrays.stream(KV_CONTEXTS).max().orElseThrow();
        try (DecoderModel shared = DecoderModel.load(folder, threads);
             DecoderModel copied = DecoderModel.load(copying, threads);
             GenerationEngine sharedEngine = new GenerationEngine(shared,
                     new GenerationEngine.Settings(1, 0, maxContext, 0, 0));
             GenerationEngine copiedEngine = new GenerationEngine(copied,
                     new GenerationEngine.Settings(1, 0, maxContext, 0, 0))) {
            if (!shared.signature().sharesPastBuffer() || copied.signature().sharesPastBuffer()) {
                throw new IllegalStateException("the imported graph should share its buffer and the copy not");
            }
            for (int context : KV_CONTEXTS) {
                int[] prompt = tokens(context, vocab, 3);
                double best = 0;
                double bestCopied = 0;
                for (int r = 0; r <= REPEATS; r++) { // the first round warms up
                    double a = sharedEngine.generate(prompt, GenerationSettings.greedy(TOKENS), id -> true)
                            .decodeTokensPerSecond();
                    double b = copiedEngine.generate(prompt, GenerationSettings.greedy(TOKENS), id -> true)
                            .decodeTokensPerSecond();
                    if (r > 0) {
                        best = Math.max(best, a);
                        bestCopied = Math.max(bestCopied, b);
                    }
                }
                KV_ROWS.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2fx |", graph, context, best,
                        bestCopied, best / bestCopied));
                System.out.println(KV_ROWS.getLast());
            }
        }
    }

    /** One forward pass over the whole prompt from an empty cache, with Porter's session options. */
    static double bareFill(Path onnx, int[] prompt, int threads) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = DecoderModel.sessionOptions(threads);
             OrtSession session = env.createSession(onnx.toString(), options)) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                    if (input.getKey().startsWith("past_key_values.")) {
                        long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
                        feed.put(input.getKey(), OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                                new long[]{1, shape[1], 0, shape[3]}));
                    }
                }
                long[] ids = Arrays.stream(prompt).asLongStream().toArray();
                long[] positions = new long[ids.length];
                long[] mask = new long[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    positions[i] = i;
                    mask[i] = 1;
                }
                long[] shape = {1, ids.length};
                feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                feed.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), shape));
                session.run(feed).close(); // warm up
                long start = System.nanoTime();
                session.run(feed).close();
                return ids.length * 1e9 / (System.nanoTime() - start);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }

    /**
     * The operators a decode step runs: the main graph's, and where the graph chooses a body by the rows of the call
     * (graphs with blocks: an {@code If} over a prefill and a step body), the step body's in place of the If.
     */
    private static int opCount(Path onnx) throws Exception {
        try (InputStream in = Files.newInputStream(onnx)) {
            int ops = 0;
            for (NodeProto node : ModelProto.parseFrom(in).getGraph().getNodeList()) {
                ops += node.getOpType().equals("If") ? node.getAttributeList().stream()
                        .filter(a -> a.getName().equals("else_branch")).findFirst().orElseThrow().getG()
                        .getNodeCount() : 1;
            }
            return ops;
        }
    }

    private static int[] tokens(int n, int vocab, long seed) {
        return TinyLlama.randomIds(n, Math.min(vocab, 500), seed);
    }

    private static void row(String model, String graph, int ops, String runner, double decode, double fill) {
        String line = String.format(Locale.ROOT, "| %s | %s | %d | %s | %.1f | %.1f |", model, graph, ops, runner,
                decode, fill);
        ROWS.add(line);
        System.out.println(line);
    }
}
