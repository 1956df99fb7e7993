package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.onnxruntime.OrtException;

/**
 * Checks a written model folder against the checkpoint it came from, as the folder holds it
 * ({@link ReferenceWeights#asWritten}): greedy ids equal on fp32, logit error bounded when blocks round weights and
 * activations.
 *
 * <p>A few fixed prompts (token ids drawn from the vocabulary with a fixed seed, 1 to 72 tokens) go through the
 * graph in ONNX Runtime and through {@link ReferenceDecoder}: the prefill, then {@link #DECODE_STEPS} greedy decode
 * steps with the cache fed back. Both sides are fed the reference's greedy token, so one flipped near-tie does
 * not make every later step differ. How close the logits must be depends on the weight format ({@link Tolerance}).
 */
public final class ImportVerifier {

    /**
     * The prompts, as the chunks they are fed in: one token, a short and a longer prompt, one past typical
     * GQA/rotary kernel tile sizes, one that takes a blocks graph's prefill body
     * ({@link FusedDecoderWriter#PREFILL_ROWS}), and one fed as two turns, the second taking the prefill body over a
     * past. A prompt longer than the model's window is left out.
     */
    static final int[][] PROMPT_CHUNKS = {{1}, {5}, {11}, {16}, {64}, {24, 48}};
    static final int DECODE_STEPS = 8;
    private static final long PROMPT_SEED = 16;
    private static final int THREADS = 2;

    private ImportVerifier() {
    }

    /** A prompt's tokens and the chunks they are fed in. */
    record Prompt(int[] tokens, int[] chunks) {
    }

    public static VerificationReport verify(Checkpoint checkpoint, WeightFormat format, Path folder,
                                            ImportProgress progress) throws IOException {
        Prompt[] prompts = prompts(checkpoint.shape());
        progress.report(ImportProgress.Phase.VERIFY, 0, prompts.length);
        ReferenceDecoder reference = new ReferenceDecoder(checkpoint, format);
        Tolerance tolerance = Tolerance.of(reference.roundsInputs());
        LogitComparison comparison = new LogitComparison(tolerance);
        OnnxDecoderRun graph;
        try {
            graph = OnnxDecoderRun.open(folder, checkpoint.shape(), THREADS);
        } catch (IOException e) {
            return new VerificationReport(false, tolerance.exact(), 0, 0, 0, Double.NaN, e.getMessage());
        }
        try (graph) {
            for (int p = 0; p < prompts.length; p++) {
                runPrompt(p, prompts[p], reference, graph, comparison);
                progress.report(ImportProgress.Phase.VERIFY, p + 1, prompts.length);
            }
        } catch (OrtException e) {
            return new VerificationReport(false, tolerance.exact(), prompts.length, comparison.compared(),
                    comparison.mismatches(), comparison.maxError(), "ONNX Runtime failed running the written graph: "
                    + e.getMessage());
        }
        return comparison.report(prompts.length);
    }

    /**
     * Runs prompt {@code p} through both, its chunks (compared after the last) then greedy decode steps, into
     * {@code comparison}.
     */
    static void runPrompt(int p, Prompt prompt, ReferenceDecoder reference, OnnxDecoderRun graph,
                                  LogitComparison comparison) throws OrtException {
        ReferenceDecoder.Cache cache = reference.newCache();
        try (OnnxDecoderRun.Sequence sequence = graph.start()) {
            int at = 0;
            for (int c = 0; c < prompt.chunks().length - 1; c++) {
                int[] chunk = Arrays.copyOfRange(prompt.tokens(), at, at + prompt.chunks()[c]);
                reference.forward(chunk, cache);
                sequence.forward(chunk);
                at += chunk.length;
            }
            int[] input = Arrays.copyOfRange(prompt.tokens(), at, prompt.tokens().length);
            for (int step = 0; step <= DECODE_STEPS; step++) {
                float[][] expected = reference.forward(input, cache);
                float[][] actual = sequence.forward(input);
                String where = "prompt " + (p + 1) + " (" + prompt.tokens().length + " tokens) "
                        + (step == 0 ? "after the prefill" : "at decode step " + step);
                int next = comparison.step(where, expected, actual);
                input = new int[]{next};
            }
        }
    }

    /** The fixed prompts: ids drawn with a fixed seed, so every import of a model checks the same sequences. */
    static Prompt[] prompts(DecoderShape shape) {
        SplittableRandom random = new SplittableRandom(PROMPT_SEED);
        List<Prompt> prompts = new ArrayList<>();
        for (int[] chunks : PROMPT_CHUNKS) {
            int length = Arrays.stream(chunks).sum();
            int[] tokens = random.ints(length, 0, shape.vocabSize()).toArray();
            if (length + DECODE_STEPS <= shape.maxPositions()) {
                prompts.add(new Prompt(tokens, chunks));
            }
        }
        return prompts.toArray(Prompt[]::new);
    }
}
