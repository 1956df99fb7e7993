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
 * prompt). Microseconds per call, best of {@code bench.repeats} (default 3) timed loops, all in one process. In
 * this package because the graph is built with {@link OnnxGraphBuilder}.
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
        double[] best = new double[ROWS.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString(), options)) {
                for (int r = 0; r < ROWS.length; r++) {
                    int rows = ROWS[r];
                    float[] x = new float[rows * K];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) random.nextGaussian();
                    }
                    int calls = Math.max(4, 512 / rows);
                    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, K})) {
                        for (int repeat = -1; repeat < repeats; repeat++) {
                            long start = System.nanoTime();
                            for (int i = 0; i < calls; i++) {
                                session.run(Map.of("x", in)).close();
                            }
                            if (repeat >= 0) {
                                best[r] = Math.min(best[r], (System.nanoTime() - start) / 1e3 / calls);
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
