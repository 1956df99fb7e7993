package app.porter.modelimport;

/**
 * What the import's check found: the written graph run by ONNX Runtime against Porter's reference decoder over the
 * weights the graph holds, on a few prompts.
 *
 * @param exact the graph's weights are not rounded beyond the source (f32 / as-source float), so greedy ids must match
 * @param greedyTokensCompared greedy tokens generated and compared over all prompts
 * @param greedyMismatches how many of them differed
 * @param maxLogitError largest absolute difference of any logit, relative to the reference's logit range
 */
public record VerificationReport(boolean passed, boolean exact, int prompts, int greedyTokensCompared,
                                 int greedyMismatches, double maxLogitError, String summary) {
}
