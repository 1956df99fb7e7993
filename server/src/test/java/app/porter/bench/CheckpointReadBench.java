package app.porter.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import app.porter.modelimport.Checkpoint;
import app.porter.modelimport.Checkpoints;
import app.porter.modelimport.GgufWriter;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.SafetensorsWriter;
import app.porter.modelimport.Tensor;
import app.porter.modelimport.TensorType;
import app.porter.modelimport.TinyCheckpoints;

/**
 * How long reading a checkpoint of SmolLM2-135M's dimensions takes, the part of an import that must stay small
 * (the whole import has a minute): random weights written once as GGUF q8_0, q4_K and f16 and as a bf16
 * safetensors folder, then per source the median of {@code bench.iterations} (default 3) runs of
 * {@code Checkpoints.read} (header, metadata, tokenizer, every tensor mapped) and of reading plus dequantizing every
 * tensor to float, beside the baseline of scanning the same files' bytes once (page cache warm for both).
 * <p>A plain {@code main}, not a test. From the repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.CheckpointReadBench
 * </pre>
 */
public final class CheckpointReadBench {

    private CheckpointReadBench() {
    }

    private record Row(String source, double megabytes, double scanMs, double readMs, double dequantizeMs,
                       double heapMb) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int iterations = Integer.getInteger("bench.iterations", 3);
        Path dir = Files.createTempDirectory("porter-read-bench");
        try {
            Checkpoint model = TinyCheckpoints.random(TinyCheckpoints.smolLm2_135M(), 135);
            List<Path> sources = new ArrayList<>();
            for (TensorType type : List.of(TensorType.Q8_0, TensorType.Q4_K, TensorType.F16)) {
                Path file = dir.resolve("smollm2-135m-" + type.name().toLowerCase(Locale.ROOT) + ".gguf");
                GgufWriter.write(model, type, file);
                sources.add(file);
            }
            Path folder = dir.resolve("smollm2-135m-bf16");
            SafetensorsWriter.write(model, folder, TensorType.BF16, 1);
            sources.add(folder);
            model = null; // let the f32 weights go before measuring heap

            List<Row> rows = new ArrayList<>();
            for (Path source : sources) {
                rows.add(measure(source, iterations));
            }
            System.out.printf(Locale.ROOT, "%-28s %10s %12s %12s %22s %12s%n", "source (SmolLM2-135M dims)",
                    "file MB", "scan ms", "read ms", "read+dequantize ms", "heap MB");
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "%-28s %10.1f %12.1f %12.1f %22.1f %12.1f%n", r.source(),
                        r.megabytes(), r.scanMs(), r.readMs(), r.dequantizeMs(), r.heapMb());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Row measure(Path source, int iterations) throws IOException {
        List<Path> files = files(source);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        double[] scan = new double[iterations];
        double[] read = new double[iterations];
        double[] dequantize = new double[iterations];
        double heap = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            long checksum = 0;
            for (Path f : files) {
                checksum += scan(f);
            }
            scan[i] = (System.nanoTime() - t0) / 1e6;

            System.gc();
            long heapBefore = usedHeap();
            t0 = System.nanoTime();
            Checkpoint c = Checkpoints.read(source, ImportProgress.SILENT);
            read[i] = (System.nanoTime() - t0) / 1e6;
            heap = Math.max(heap, (usedHeap() - heapBefore) / 1e6);

            t0 = System.nanoTime();
            c = Checkpoints.read(source, ImportProgress.SILENT);
            double sum = 0;
            for (Tensor t : c.tensors().values()) {
                float[] x = t.toFloats();
                sum += x[x.length - 1];
            }
            dequantize[i] = (System.nanoTime() - t0) / 1e6;
            if (checksum == 42 && sum == 42) {
                System.out.println(); // keep both loops' results alive
            }
        }
        return new Row(source.getFileName().toString(), bytes / 1e6, median(scan), median(read), median(dequantize),
                heap);
    }

    private static List<Path> files(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> files = Files.list(source)) {
            return files.sorted().toList();
        }
    }

    /** The baseline: every byte of the file through a 1 MiB buffer. */
    private static long scan(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long sum = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) > 0) {
                buffer.flip();
                sum += buffer.get(buffer.limit() - 1);
                buffer.clear();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
