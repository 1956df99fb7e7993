package app.porter.inference;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the next token from a row of logits. Samplers are composed from small parts: {@link LogitsProcessor}s
 * that reshape the distribution (repetition penalty, temperature, top-k, top-p) followed by a final choice
 * (greedy argmax or a categorical draw). {@link SamplingSettings#newSampler()} builds the usual chain.
 */
@FunctionalInterface
public interface Sampler {

    /**
     * @param logits the model's scores for every vocabulary entry; a sampler may change them in place
     * @param history the tokens so far (prompt then generated) in {@code history[0..length)}
     */
    int sample(float[] logits, int[] history, int length);

    /** Reshapes logits in place before the final choice. */
    @FunctionalInterface
    interface LogitsProcessor {
        void process(float[] logits, int[] history, int length);
    }

    /** The highest-scoring token (the lowest id on a tie, so runs are reproducible). */
    static Sampler greedy() {
        return (logits, history, length) -> argmax(logits);
    }

    /** A draw from softmax(logits). */
    static Sampler categorical(RandomGenerator random) {
        return (logits, history, length) -> {
            float max = logits[argmax(logits)];
            double sum = 0;
            double[] weights = new double[logits.length];
            for (int i = 0; i < logits.length; i++) {
                // exp(-inf) is 0: tokens removed by top-k / top-p can never be drawn
                weights[i] = Math.exp(logits[i] - max);
                sum += weights[i];
            }
            double r = random.nextDouble() * sum;
            double cumulative = 0;
            int last = 0;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0) {
                    cumulative += weights[i];
                    last = i;
                    if (r < cumulative) {
                        return i;
                    }
                }
            }
            return last; // rounding at the very end of the distribution
        };
    }

    /** Runs {@code processors} in order, then {@code choice}. */
    static Sampler of(List<LogitsProcessor> processors, Sampler choice) {
        List<LogitsProcessor> chain = List.copyOf(processors);
        return (logits, history, length) -> {
            for (LogitsProcessor p : chain) {
                p.process(logits, history, length);
            }
            return choice.sample(logits, history, length);
        };
    }

    static int argmax(float[] logits) {
        int best = 0;
        float bestValue = logits[0];
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > bestValue) {
                bestValue = logits[i];
                best = i;
            }
        }
        return best;
    }

    /**
     * The repetition penalty of the CTRL paper as Hugging Face applies it: every token already in the history has
     * its positive logit divided by {@code penalty} and its negative logit multiplied by it.
     */
    record RepetitionPenalty(float penalty) implements LogitsProcessor {
        public RepetitionPenalty {
            if (!(penalty > 0)) {
                throw new IllegalArgumentException("repetition penalty must be > 0 (1 means none), was " + penalty);
            }
        }

        @Override
        public void process(float[] logits, int[] history, int length) {
            boolean[] seen = new boolean[logits.length];
            for (int i = 0; i < length; i++) {
                int token = history[i];
                if (token >= 0 && token < logits.length && !seen[token]) {
                    seen[token] = true;
                    logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
                }
            }
        }
    }

    /** Divides logits by {@code temperature}: below 1 sharpens the distribution, above 1 flattens it. */
    record Temperature(float temperature) implements LogitsProcessor {
        public Temperature {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be > 0 here (0 means greedy), was " + temperature);
            }
        }

        @Override
        public void process(float[] logits, int[] history, int length) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] /= temperature;
            }
        }
    }

    /** Keeps the {@code k} highest logits (ties at the boundary kept too) and removes the rest. */
    record TopK(int k) implements LogitsProcessor {
        public TopK {
            if (k < 1) {
                throw new IllegalArgumentException("top-k must be at least 1, was " + k);
            }
        }

        @Override
        public void process(float[] logits, int[] history, int length) {
            if (k >= logits.length) {
                return;
            }
            // The k-th largest value via a small min-heap: O(V log k), no full sort of the vocabulary.
            float[] heap = new float[k];
            int size = 0;
            for (float value : logits) {
                if (size < k) {
                    heap[size] = value;
                    siftUp(heap, size++);
                } else if (value > heap[0]) {
                    heap[0] = value;
                    siftDown(heap, k);
                }
            }
            float threshold = heap[0];
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] < threshold) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }

        private static void siftUp(float[] heap, int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (heap[parent] <= heap[i]) {
                    return;
                }
                float t = heap[parent];
                heap[parent] = heap[i];
                heap[i] = t;
                i = parent;
            }
        }

        private static void siftDown(float[] heap, int size) {
            int i = 0;
            while (true) {
                int left = 2 * i + 1;
                int right = left + 1;
                int smallest = i;
                if (left < size && heap[left] < heap[smallest]) {
                    smallest = left;
                }
                if (right < size && heap[right] < heap[smallest]) {
                    smallest = right;
                }
                if (smallest == i) {
                    return;
                }
                float t = heap[smallest];
                heap[smallest] = heap[i];
                heap[i] = t;
                i = smallest;
            }
        }
    }

    /**
     * Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities add up to at least
     * {@code p}, and removes the rest. As in llama2.c, tokens too unlikely to ever be in the nucleus are skipped
     * before sorting, so only a handful of candidates are sorted.
     */
    record TopP(float p) implements LogitsProcessor {
        public TopP {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("top-p must be in (0, 1], was " + p);
            }
        }

        @Override
        public void process(float[] logits, int[] history, int length) {
            if (p >= 1) {
                return;
            }
            int n = logits.length;
            float max = logits[argmax(logits)];
            double sum = 0;
            double[] probs = new double[n];
            for (int i = 0; i < n; i++) {
                probs[i] = Math.exp(logits[i] - max);
                sum += probs[i];
            }
            double cutoff = (1.0 - p) / Math.max(1, n - 1);
            Integer[] candidates = new Integer[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                probs[i] /= sum;
                if (probs[i] >= cutoff) {
                    candidates[count++] = i;
                }
            }
            java.util.Arrays.sort(candidates, 0, count, (a, b) -> Double.compare(probs[b], probs[a]));
            boolean[] keep = new boolean[n];
            double cumulative = 0;
            for (int c = 0; c < count; c++) {
                keep[candidates[c]] = true;
                cumulative += probs[candidates[c]];
                if (cumulative >= p) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                if (!keep[i]) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }
}
