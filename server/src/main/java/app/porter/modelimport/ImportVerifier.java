package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import ai.onnxruntime.OrtException;

/**
 * Checks a written model folder against the checkpoint it came from: greedy ids equal on fp32, logit error bounded
 * when the weights were quantized.
 *
 * <p>A few fixed prompts (token ids drawn from the vocabulary with a fixed seed, 1 to 16 tokens) go through the
 * graph in ONNX Runtime and through {@link ReferenceDecoder}: the prefill, then {@link #DECODE_STEPS} greedy decode
 * steps with the cache fed back. Both sides are fed the reference's greedy token, so one flipped near-tie does
 * not make every later step differ. Logit error is measured relative to the reference's logit range (max - min)
 * at that position, so the bound means the same for any model's logit scale.
 */
public final class ImportVerifier {

    /** Prompt lengths: one token, a short and a longer prompt, and one past typical GQA/rotary kernel tile sizes. */
    static final int[] PROMPT_LENGTHS = {1, 5, 11, 16};
    static final int DECODE_STEPS = 8;
    private static final long PROMPT_SEED = 16;
    private static final int THREADS = 2;

    /**
     * fp32 on both sides differs only in summation order: a few 1e-6 of the range on random tiny models and
     * SmolLM2-sized ones; 1e-3 leaves room for long sums while any wrong weight, norm or rotation lands far above.
     */
    static final double EXACT_BOUND = 1e-3;
    /**
     * Round-to-nearest blocks of 32 (see the calibration in ImportVerifierTest): over random tiny models the
     * largest error was about 0.7% of the logit range for 8-bit and 9% for 4-bit; the bounds leave about 3x.
     */
    static final double INT8_BOUND = 0.02;
    static final double INT4_BOUND = 0.25;
    /** Reference logits this close (relative to the range) are a tie: either greedy choice is right. */
    private static final double TIE = 1e-5;

    private ImportVerifier() {
    }

    public static VerificationReport verify(Checkpoint checkpoint, WeightFormat format, Path folder,
                                            ImportProgress progress) throws IOException {
        boolean exact = format == WeightFormat.F32 || format == WeightFormat.AS_SOURCE;
        double bound = switch (format) {
            case F32, AS_SOURCE -> EXACT_BOUND;
            case INT8 -> INT8_BOUND;
            case INT4 -> INT4_BOUND;
        };
        int[][] prompts = prompts(checkpoint.shape().vocabSize());
        progress.report(ImportProgress.Phase.VERIFY, 0, prompts.length);
        ReferenceDecoder reference = new ReferenceDecoder(checkpoint);
        Comparison comparison = new Comparison(exact, bound);
        OnnxDecoderRun graph;
        try {
            graph = OnnxDecoderRun.open(folder, checkpoint.shape(), THREADS);
        } catch (IOException e) {
            return new VerificationReport(false, exact, 0, 0, 0, Double.NaN, e.getMessage());
        }
        try (graph) {
            for (int p = 0; p < prompts.length; p++) {
                runPrompt(p, prompts[p], reference, graph, comparison);
                progress.report(ImportProgress.Phase.VERIFY, p + 1, prompts.length);
            }
        } catch (OrtException e) {
            return new VerificationReport(false, exact, prompts.length, comparison.compared, comparison.mismatches,
                    comparison.maxError, "ONNX Runtime failed running the written graph: " + e.getMessage());
        }
        return comparison.report(prompts.length);
    }

    private static void runPrompt(int p, int[] prompt, ReferenceDecoder reference, OnnxDecoderRun graph,
                                  Comparison comparison) throws OrtException {
        ReferenceDecoder.Cache cache = reference.newCache();
        try (OnnxDecoderRun.Sequence sequence = graph.start()) {
            int[] input = prompt;
            for (int step = 0; step <= DECODE_STEPS; step++) {
                float[][] expected = reference.forward(input, cache);
                float[][] actual = sequence.forward(input);
                int next = comparison.step(p, prompt.length, step, expected, actual);
                input = new int[]{next};
            }
        }
    }

    /** The fixed prompts: ids drawn with a fixed seed, so every import of a model checks the same sequences. */
    static int[][] prompts(int vocab) {
        SplittableRandom random = new SplittableRandom(PROMPT_SEED);
        int[][] prompts = new int[PROMPT_LENGTHS.length][];
        for (int p = 0; p < prompts.length; p++) {
            prompts[p] = random.ints(PROMPT_LENGTHS[p], 0, vocab).toArray();
        }
        return prompts;
    }

    /** What the steps found so far, and the first thing that differed, for the operator's summary. */
    private static final class Comparison {
        private final boolean exact;
        private final double bound;
        int compared;
        int mismatches;
        double maxError;
        private String maxErrorAt = "";
        private String firstMismatch;
        private boolean failedGreedy;

        Comparison(boolean exact, double bound) {
            this.exact = exact;
            this.bound = bound;
        }

        /** Compares one step's logits; returns the reference's greedy token, which both sides are fed next. */
        int step(int prompt, int promptLength, int step, float[][] expected, float[][] actual) {
            int offset = expected.length - actual.length; // a graph may return only the last positions
            for (int r = 0; r < actual.length; r++) {
                float[] want = expected[offset + r];
                double range = range(want);
                double error = 0;
                for (int v = 0; v < want.length; v++) {
                    error = Math.max(error, Math.abs(want[v] - actual[r][v]));
                }
                error = range > 0 ? error / range : error;
                if (!(error <= maxError)) { // NaN from the graph counts as the largest error
                    maxError = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                    maxErrorAt = where(prompt, promptLength, step);
                }
            }
            float[] want = expected[expected.length - 1];
            int greedy = ReferenceMath.argmax(want);
            int got = ReferenceMath.argmax(actual[actual.length - 1]);
            compared++;
            if (got != greedy) {
                mismatches++;
                boolean tie = (want[greedy] - want[got]) <= TIE * range(want);
                if (!tie && exact) {
                    failedGreedy = true;
                }
                if (firstMismatch == null) {
                    firstMismatch = where(prompt, promptLength, step) + " chose token " + got + " where the"
                            + " reference chose " + greedy;
                }
            }
            return greedy;
        }

        VerificationReport report(int prompts) {
            boolean withinBound = maxError <= bound;
            boolean passed = withinBound && !failedGreedy;
            String error = String.format("largest logit error %.2g of the logit range (bound %.2g)%s", maxError,
                    bound, withinBound ? "" : " at " + maxErrorAt);
            String summary;
            if (passed && mismatches == 0) {
                summary = "verified on " + prompts + " prompts: all " + compared + " greedy tokens equal the"
                        + " reference; " + error;
            } else if (passed) {
                summary = "verified on " + prompts + " prompts: " + mismatches + " of " + compared + " greedy"
                        + " tokens differ from the reference (near-ties after rounding the weights; first: "
                        + firstMismatch + "); " + error;
            } else {
                summary = "the written graph does not compute what the checkpoint does: "
                        + (firstMismatch == null ? "greedy tokens equal, but " : "first difference: "
                        + firstMismatch + "; " + mismatches + " of " + compared + " greedy tokens differ; ")
                        + error;
            }
            return new VerificationReport(passed, exact, prompts, compared, mismatches, maxError, summary);
        }

        private static String where(int prompt, int promptLength, int step) {
            return "prompt " + (prompt + 1) + " (" + promptLength + " tokens) "
                    + (step == 0 ? "after the prefill" : "at decode step " + step);
        }

        private static double range(float[] logits) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : logits) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return (double) max - min;
        }
    }
}
