package app.porter.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Times raw batched forward passes (the model alone, no engine) for the benchmark. */
public final class StepTimer {

    private StepTimer() {
    }

    /** Median time of a one-token step for {@code rows} rows with {@code cached} tokens of past each (and a few). */
    public static double stepMillis(DecoderModel model, int rows, int cached) throws Exception {
        SplittableRandom random = new SplittableRandom(rows);
        int[][] prefill = new int[rows][cached];
        int[][] next = new int[rows][1];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < cached; t++) {
                prefill[b][t] = 3 + random.nextInt(300);
            }
            next[b][0] = 5;
        }
        double[] times = new double[7];
        // as the engine's scheduler runs: each step's cache is the next step's past (a shared-buffer graph grows it
        // in place; others write a present into the block the step before gave back)
        try (KvMemory memory = new KvMemory(model.signature().layers(), 4);
             KvCache empty = KvCache.empty(memory, model.signature(), rows)) {
            KvCache cache = model.run(prefill, empty).cache();
            try {
                for (int i = 0; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    DecoderModel.Step step = model.run(next, cache);
                    times[i] = (System.nanoTime() - t0) / 1e6;
                    cache.close();
                    cache = step.cache();
                }
            } finally {
                cache.close();
            }
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
