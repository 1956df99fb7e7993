package app.porter.modelimport;

/**
 * How close an imported graph's logits must come to {@link ReferenceDecoder}'s, by what the graph holds. Two
 * measures, both relative so they mean the same for any model's logit scale, per compared position:
 * <ul>
 *   <li>error: the largest absolute logit difference over the reference's logit range (max - min), the largest
 *       over all positions (what {@link VerificationReport#maxLogitError()} reports);</li>
 *   <li>spread: the RMS of the logit differences over the RMS deviation of the reference's logits, averaged over
 *       all positions. One unlucky logit cannot move it, so it can be held tighter than the largest error.</li>
 * </ul>
 *
 * <p>The reference computes with the weights as the graph holds them and rounds the inputs of the graph's
 * {@code MatMulNBits} as those do ({@link ReferenceWeights#asWritten}), so the bounds measure whether the graph
 * computes what it holds, not how far a format's rounding moved the model: that is the operator's choice of format,
 * and the acceptance suites judge the result when staff activate it. The kernels round exactly as the reference does
 * (one 8-bit MatMulNBits, 1 to 16 rows, agrees with it to 5e-6 of its outputs), so whole models often agree to float
 * noise (3e-7 of the logit range). What remains is float-order noise upstream (norms, attention) tipping an activation
 * across a rounding boundary now and then: up to 0.75% on 2-layer models, growing with depth. Largest error and mean
 * spread measured: 1.0% and 0.6% over 24 INT8 and INT4 graphs of random tiny models (ImportVerifierTest); at
 * SmolLM2-135M's dimensions with random weights, 3.7% and 3.8% (INT8), 2.9% and 3.7% (INT4), 3.4% (q8_0 kept) and 2.8%
 * (q4_0 kept). Random weights are the hard case (flat logits, activations that decorrelate layer after layer); trained
 * models err less. A wrong graph lands far above: one layer's MLP output half as large again fails
 * (ImportVerifierTest), and earlier measurements put wrong graphs' spreads at 47-93%.
 *
 * @param exact the graph keeps the source's values: greedy tokens must be equal (ties within fp32 noise aside)
 * @param maxError bound on the largest error
 * @param meanSpread bound on the mean spread
 */
record Tolerance(boolean exact, double maxError, double meanSpread) {

    /**
     * fp32 on both sides differs only in summation order: a few 1e-6 of the range on random tiny models; 1e-3 leaves
     * room for long sums while a wrong weight, norm or rotation lands orders of magnitude above.
     */
    static final Tolerance EXACT = new Tolerance(true, 1e-3, 1e-3);
    /** A graph with 4- or 8-bit blocks: about twice the largest error and spread measured at 30 random layers. */
    static final Tolerance BLOCKS = new Tolerance(false, 0.08, 0.08);

    /** The bound for a graph that holds blocks (its reference rounds some matmul's input), else the exact one. */
    static Tolerance of(boolean blocks) {
        return blocks ? BLOCKS : EXACT;
    }
}
