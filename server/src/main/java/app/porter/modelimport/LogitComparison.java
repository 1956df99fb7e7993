package app.porter.modelimport;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Compares the graph's logits with the reference's, step by step, and keeps what the operator's summary needs: the
 * largest error and where, the mean spread, greedy tokens compared and the first that differed (see
 * {@link Tolerance} for the measures).
 */
final class LogitComparison {

    /** Reference logits this close (relative to the range) are a tie: either greedy choice is right. */
    private static final double TIE = 1e-5;

    private final Tolerance tolerance;
    private int compared;
    private int mismatches;
    private boolean untiedMismatch;
    private String firstMismatch;
    private double maxError;
    private String maxErrorAt = "";
    private double spreadSum;
    private int positions;

    LogitComparison(Tolerance tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * Compares one step: {@code expected} has a row per fed token, {@code actual} the same or only the last rows.
     * Returns the reference's greedy token, which both sides are fed next.
     */
    int step(String where, float[][] expected, float[][] actual) {
        int offset = expected.length - actual.length;
        for (int r = 0; r < actual.length; r++) {
            float[] want = expected[offset + r];
            float[] got = actual[r];
            double largest = 0;
            double differences = 0;
            double mean = 0;
            for (int v = 0; v < want.length; v++) {
                double d = Math.abs((double) want[v] - got[v]);
                largest = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(largest, d);
                differences += d * d;
                mean += want[v];
            }
            mean /= want.length;
            double deviation = 0;
            for (float w : want) {
                deviation += (w - mean) * (w - mean);
            }
            double error = relative(largest, range(want));
            if (error > maxError) {
                maxError = error;
                maxErrorAt = where;
            }
            spreadSum += relative(Math.sqrt(differences), Math.sqrt(deviation));
            positions++;
        }
        float[] want = expected[expected.length - 1];
        int greedy = ReferenceMath.argmax(want);
        int got = ReferenceMath.argmax(actual[actual.length - 1]);
        compared++;
        if (got != greedy) {
            mismatches++;
            untiedMismatch |= want[greedy] - want[got] > TIE * range(want);
            if (firstMismatch == null) {
                firstMismatch = where + " chose token " + got + " where the reference chose " + greedy;
            }
        }
        return greedy;
    }

    int compared() {
        return compared;
    }

    int mismatches() {
        return mismatches;
    }

    double maxError() {
        return maxError;
    }

    double meanSpread() {
        return positions == 0 ? 0 : spreadSum / positions;
    }

    VerificationReport report(int prompts) {
        double spread = meanSpread();
        boolean withinBounds = maxError <= tolerance.maxError() && spread <= tolerance.meanSpread();
        boolean passed = withinBounds && !(tolerance.exact() && untiedMismatch);
        String error = "largest logit error " + percent(maxError) + " of the logit range (bound "
                + percent(tolerance.maxError()) + ")" + (withinBounds ? "" : " at " + maxErrorAt)
                + ", mean spread " + percent(spread) + " (bound " + percent(tolerance.meanSpread()) + ")";
        String summary;
        if (passed && mismatches == 0) {
            summary = "verified on " + prompts + " prompts: all " + compared + " greedy tokens equal the reference; "
                    + error;
        } else if (passed) {
            summary = "verified on " + prompts + " prompts: " + mismatches + " of " + compared + " greedy tokens"
                    + " differ from the reference (near-ties that 8-bit rounding tips; first: " + firstMismatch
                    + "); " + error;
        } else {
            summary = "the written graph does not compute what the checkpoint does: "
                    + (firstMismatch == null ? "greedy tokens equal, but " : "first difference: " + firstMismatch
                    + "; " + mismatches + " of " + compared + " greedy tokens differ; ") + error;
        }
        return new VerificationReport(passed, tolerance.exact(), prompts, compared, mismatches, maxError, summary);
    }

    /** {@code difference / scale}; a graph's NaN or a difference on a flat reference counts as unbounded. */
    private static double relative(double difference, double scale) {
        if (Double.isNaN(difference)) {
            return Double.POSITIVE_INFINITY;
        }
        if (scale > 0) {
            return difference / scale;
        }
        return difference == 0 ? 0 : Double.POSITIVE_INFINITY;
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

    /** Two significant digits: 0.00041 reads 0.041%, 0.3 reads 30%. */
    private static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "unbounded (NaN or infinite logits)";
        }
        return new BigDecimal(fraction * 100).round(new MathContext(2)).stripTrailingZeros().toPlainString() + "%";
    }
}
