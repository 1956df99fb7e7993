package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * One linear layer at SmolLM2-135M's gate/up shape (576 -> 3072), as a float {@code MatMul} and as
 * {@code MatMulNBits} at 8 and 4 bits with each accuracy level, over 1, 8, 64 and 512 rows, 2 threads: how ONNX
 * Runtime's block kernels scale with rows on this CPU (one row is a decode step, 8 rows eight streams, 512 a
 * prompt). Microseconds per call, best of {@code bench.repeats} (default 3) timed loops, all in one process. Then
 * the same shape as forty layers with weights of their own, as in a model (see {@link #outOfCache}). In this package
 * because the graph is built with {@link OnnxGraphBuilder}.
 *
 * <pre>./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.modelimport.MatMulNBitsBench</pre>
 */
public final class MatMulNBitsBench {

    private static final int K = 576;
    private static final int N = 3072;
    private static final int[] ROWS = {1, 8, 64, 512};

    private MatMulNBitsBench() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = Integer.getInteger("bench.repeats", 3);
        SplittableRandom random = new SplittableRandom(1);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.println("| weights | accuracy level | 1 row | 8 rows | 64 rows | 512 rows | 8 rows / 1 row |");
        System.out.println("|---|---|---|---|---|---|---|");
        print("f32 MatMul", "-", time(env, dense(random), repeats, random));
        for (int bits : new int[] {8, 4}) {
            for (int level : new int[] {0, 1, 4}) {
                print(bits + "-bit MatMulNBits", String.valueOf(level),
                        time(env, blocks(bits, level, random), repeats, random));
            }
        }
        outOfCache(env, repeats, random);
    }

    /**
     * The same layer as a model holds it: {@link #LAYERS} layers with weights of their own (70 MB at 8 bits, more
     * than the caches), one after the other on the same input, microseconds per layer for 1 and 8 rows: the block
     * size MatMulNBits is given (ggml's 32, or 64 and 128), and int8 with one scale per column
     * (DynamicQuantizeMatMul, MLAS's integer GEMM) beside float MatMul. A decode step is this case, not the one
     * above, whose weights stay in cache between calls.
     */
    private static void outOfCache(OrtEnvironment env, int repeats, SplittableRandom random) throws Exception {
        System.out.println();
        System.out.println("Out of cache: " + LAYERS + " layers of " + K + " -> " + N + ", each its own weights,"
                + " microseconds per layer:");
        System.out.println("| weights | block | 1 row | 8 rows | 8 rows / 1 row |");
        System.out.println("|---|---|---|---|---|");
        List<String[]> rows = List.of(new String[] {"f32 MatMul", "-"}, new String[] {"8-bit MatMulNBits, level 4", "32"},
                new String[] {"8-bit MatMulNBits, level 4", "64"}, new String[] {"8-bit MatMulNBits, level 4", "128"},
                new String[] {"int8 per column, DynamicQuantizeMatMul", "-"},
                new String[] {"4-bit MatMulNBits, level 4", "32"}, new String[] {"4-bit MatMulNBits, level 4", "64"},
                new String[] {"4-bit MatMulNBits, level 4", "128"});
        for (String[] row : rows) {
            double[] micros = time(env, layers(row[0], row[1].equals("-") ? 0 : Integer.parseInt(row[1]), random),
                    repeats, random, new int[] {1, 8}, LAYERS);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1fx |%n", row[0], row[1], micros[0],
                    micros[1], micros[1] / micros[0]);
        }
    }

    private static final int LAYERS = 40;

    private static Path layers(String kind, int block, SplittableRandom random) throws Exception {
        Path dir = Files.createTempDirectory("porter-matmul-bench");
        try (OnnxGraphBuilder g = new OnnxGraphBuilder("layers", dir.resolve("model.onnx_data"))) {
            g.input("x", TensorProto.DataType.FLOAT_VALUE, "rows", K);
            List<String> outputs = new java.util.ArrayList<>();
            for (int layer = 0; layer < LAYERS; layer++) {
                String y = "y" + layer;
                if (kind.startsWith("f32")) {
                    float[] w = new float[K * N];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) random.nextGaussian() * 0.02f;
                    }
                    g.addNode("MatMul", "", List.of("x", g.floats("w" + layer, w, K, N)), List.of(y), Map.of());
                } else if (kind.startsWith("int8")) {
                    ByteBuffer w = randomBytes(K * N, random);
                    float[] scales = new float[N];
                    java.util.Arrays.fill(scales, 0.01f);
                    g.addNode("DynamicQuantizeMatMul", OnnxGraphBuilder.MS, List.of("x", g.bytes("w" + layer, w, K, N),
                            g.floats("s" + layer, scales, N)), List.of(y), Map.of());
                } else {
                    int bits = kind.startsWith("8") ? 8 : 4;
                    int blocksPerRow = (K + block - 1) / block;
                    int blobBytes = block * bits / 8;
                    float[] scales = new float[N * blocksPerRow];
                    java.util.Arrays.fill(scales, 0.01f);
                    g.addNode("MatMulNBits", OnnxGraphBuilder.MS, List.of("x",
                            g.bytes("w" + layer, randomBytes(N * blocksPerRow * blobBytes, random), N, blocksPerRow,
                                    blobBytes), g.floats("s" + layer, scales, scales.length)),
                            List.of(y), Map.of("K", (long) K, "N", (long) N, "bits", (long) bits,
                                    "block_size", (long) block, "accuracy_level", 4L));
                }
                outputs.add(y);
            }
            g.addNode("Sum", "", outputs, List.of("y"), Map.of());
            g.output(OnnxGraphBuilder.valueInfo("y", TensorProto.DataType.FLOAT_VALUE, "rows", N));
            g.writeModel(dir.resolve("model.onnx"), "bench");
        }
        return dir;
    }

    private static ByteBuffer randomBytes(int size, SplittableRandom random) {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            bytes.put((byte) random.nextInt(256));
        }
        return bytes.flip();
    }

    private static void print(String weights, String level, double[] micros) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.1fx |%n", weights, level, micros[0],
                micros[1], micros[2], micros[3], micros[1] / micros[0]);
    }

    private static Path dense(SplittableRandom random) throws Exception {
        Path dir = Files.createTempDirectory("porter-matmul-bench");
        try (OnnxGraphBuilder g = new OnnxGraphBuilder("dense", dir.resolve("model.onnx_data"))) {
            float[] w = new float[K * N];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian() * 0.02f;
            }
            g.input("x", TensorProto.DataType.FLOAT_VALUE, "rows", K);
            g.addNode("MatMul", "", List.of("x", g.floats("w", w, K, N)), List.of("y"), Map.of());
            g.output(OnnxGraphBuilder.valueInfo("y", TensorProto.DataType.FLOAT_VALUE, "rows", N));
            g.writeModel(dir.resolve("model.onnx"), "bench");
        }
        return dir;
    }

    private static Path blocks(int bits, int level, SplittableRandom random) throws Exception {
        Path dir = Files.createTempDirectory("porter-matmul-bench");
        try (OnnxGraphBuilder g = new OnnxGraphBuilder("blocks", dir.resolve("model.onnx_data"))) {
            int blocksPerRow = K / PackedWeight.Blocks.BLOCK;
            int blobBytes = PackedWeight.Blocks.BLOCK * bits / 8;
            ByteBuffer blob = ByteBuffer.allocate(N * blocksPerRow * blobBytes);
            for (int i = 0; i < blob.capacity(); i++) {
                blob.put((byte) random.nextInt(256));
            }
            float[] scales = new float[N * blocksPerRow];
            java.util.Arrays.fill(scales, 0.01f);
            g.input("x", TensorProto.DataType.FLOAT_VALUE, "rows", K);
            g.addNode("MatMulNBits", OnnxGraphBuilder.MS, List.of("x",
                    g.bytes("w", blob.flip(), N, blocksPerRow, blobBytes), g.floats("s", scales, scales.length)),
                    List.of("y"), Map.of("K", (long) K, "N", (long) N, "bits", (long) bits,
                            "block_size", (long) PackedWeight.Blocks.BLOCK, "accuracy_level", (long) level));
            g.output(OnnxGraphBuilder.valueInfo("y", TensorProto.DataType.FLOAT_VALUE, "rows", N));
            g.writeModel(dir.resolve("model.onnx"), "bench");
        }
        return dir;
    }

    /** Microseconds per call for each row count: best of {@code repeats} loops, after a warm-up loop. */
    private static double[] time(OrtEnvironment env, Path dir, int repeats, SplittableRandom random)
            throws Exception {
        return time(env, dir, repeats, random, ROWS, 1);
    }

    /**
     * Microseconds per call, divided by the {@code layers} a call runs, for each of {@code rowCounts}: best of
     * {@code repeats} loops (about 512 layer-rows each), after a warm-up loop; the model folder is deleted after.
     */
    private static double[] time(OrtEnvironment env, Path dir, int repeats, SplittableRandom random, int[] rowCounts,
                                 int layers) throws Exception {
        double[] best = new double[rowCounts.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString(), options)) {
                for (int r = 0; r < rowCounts.length; r++) {
                    int rows = rowCounts[r];
                    float[] x = new float[rows * K];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) random.nextGaussian();
                    }
                    int calls = Math.max(4, 512 / rows / layers);
                    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, K})) {
                        for (int repeat = -1; repeat < repeats; repeat++) {
                            long start = System.nanoTime();
                            for (int i = 0; i < calls; i++) {
                                session.run(Map.of("x", in)).close();
                            }
                            if (repeat >= 0) {
                                best[r] = Math.min(best[r], (System.nanoTime() - start) / 1e3 / calls / layers);
                            }
                        }
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return best;
    }
}
