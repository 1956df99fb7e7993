package app.porter.modelimport;

import java.util.stream.IntStream;

import app.porter.modelimport.DecoderShape.RopeScaling;

/**
 * The float32 building blocks of {@link ReferenceDecoder}, written out plainly so each can be checked by hand. They
 * follow Hugging Face's PyTorch code (cited per method); accumulation is in double where a sum is long (norms,
 * softmax, dot products), so the reference is at least as precise as the graph it checks.
 */
final class ReferenceMath {

    /** Below this many multiply-adds a matrix product stays on the calling thread: forking costs more. */
    private static final long PARALLEL_WORK = 1 << 16;

    private ReferenceMath() {
    }

    /**
     * {@code out[s][o] = sum_i x[s][i] * w[o * in + i] (+ bias[o])}: a linear layer with a Hugging Face
     * {@code [out, in]} weight, for every token of {@code x} at once so each weight row is read once. Parallel over
     * output rows (the one loop whose iterations share nothing).
     */
    static float[][] linear(float[][] x, float[] w, float[] bias, int out) {
        int in = x[0].length;
        if (w.length != (long) out * in) {
            throw new IllegalArgumentException("a [" + out + ", " + in + "] weight cannot hold " + w.length);
        }
        float[][] y = new float[x.length][out];
        IntStream rows = IntStream.range(0, out);
        if ((long) out * in * x.length >= PARALLEL_WORK) {
            rows = rows.parallel();
        }
        rows.forEach(o -> {
            int base = o * in;
            for (int s = 0; s < x.length; s++) {
                float[] xs = x[s];
                // Four partial sums: independent chains the JIT can pipeline; double keeps them exact enough.
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                int i = 0;
                for (; i + 3 < in; i += 4) {
                    a0 += xs[i] * w[base + i];
                    a1 += xs[i + 1] * w[base + i + 1];
                    a2 += xs[i + 2] * w[base + i + 2];
                    a3 += xs[i + 3] * w[base + i + 3];
                }
                for (; i < in; i++) {
                    a0 += xs[i] * w[base + i];
                }
                double sum = (a0 + a1) + (a2 + a3);
                y[s][o] = (float) (bias == null ? sum : sum + bias[o]);
            }
        });
        return y;
    }

    /**
     * {@code x} as {@code MatMulNBits} at accuracy level 4 reads it (ONNX Runtime's MLAS {@code CompInt8} path, and
     * llama.cpp's {@code quantize_row_q8_0} before a q4_0 or q8_0 dot): each row in blocks of {@code block}, each
     * block rounded to the nearest (ties to even) of 255 levels, {@code scale = max|x| / 127}, in float32. A copy.
     */
    static float[][] roundToBlocks(float[][] x, int block) {
        float[][] out = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            float[] row = x[s];
            float[] rounded = new float[row.length];
            for (int from = 0; from < row.length; from += block) {
                int to = Math.min(row.length, from + block);
                float max = 0;
                for (int i = from; i < to; i++) {
                    max = Math.max(max, Math.abs(row[i]));
                }
                if (max == 0) {
                    continue;
                }
                float inverse = 127f / max;
                float scale = max / 127f;
                for (int i = from; i < to; i++) {
                    float code = (float) Math.rint(row[i] * inverse);
                    rounded[i] = Math.max(-127f, Math.min(127f, code)) * scale;
                }
            }
            out[s] = rounded;
        }
        return out;
    }

    /**
     * RMSNorm of {@code x[from, from + n)} in place: {@code x / sqrt(mean(x^2) + eps) * (w + offset)}
     * (LlamaRMSNorm; GemmaRMSNorm stores the weight minus one, hence the offset).
     */
    static void rmsNorm(float[] x, int from, int n, float[] w, double eps, double offset) {
        double squares = 0;
        for (int i = from; i < from + n; i++) {
            squares += (double) x[i] * x[i];
        }
        double inverse = 1 / Math.sqrt(squares / n + eps);
        for (int i = 0; i < n; i++) {
            x[from + i] = (float) (x[from + i] * inverse * (w[i] + offset));
        }
    }

    /** A fresh RMSNorm of every token. */
    static float[][] rmsNorm(float[][] x, float[] w, double eps, double offset) {
        float[][] out = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            out[s] = x[s].clone();
            rmsNorm(out[s], 0, out[s].length, w, eps, offset);
        }
        return out;
    }

    /**
     * The rotary inverse frequencies {@code 1 / theta^(2i / headDim)}, with Llama 3's scaling when given
     * (transformers' modeling_rope_utils {@code _compute_llama3_parameters}: long wavelengths divided by the factor,
     * short ones kept, the band between interpolated).
     */
    static double[] inverseFrequencies(int headDim, double theta, RopeScaling scaling) {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1 / Math.pow(theta, 2.0 * i / headDim);
            if (scaling != null) {
                inv[i] = llama3(inv[i], scaling);
            }
        }
        return inv;
    }

    private static double llama3(double inv, RopeScaling s) {
        double lowFreqWavelen = s.originalMaxPositions() / s.lowFreqFactor();
        double highFreqWavelen = s.originalMaxPositions() / s.highFreqFactor();
        double wavelen = 2 * Math.PI / inv;
        if (wavelen < highFreqWavelen) {
            return inv;
        }
        if (wavelen > lowFreqWavelen) {
            return inv / s.factor();
        }
        double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                / (s.highFreqFactor() - s.lowFreqFactor());
        return (1 - smooth) * inv / s.factor() + smooth * inv;
    }

    /**
     * Rotates one head {@code x[from, from + headDim)} in place for {@code position}, in Hugging Face's rotate_half
     * layout: the first half pairs with the second ({@code x * cos + concat(-x2, x1) * sin}), not adjacent pairs
     * as in the original Meta code. Angles are computed in float as PyTorch does ({@code position * inv_freq}).
     */
    static void rope(float[] x, int from, int headDim, int position, double[] inverseFrequencies) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            float angle = (float) position * (float) inverseFrequencies[i];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double x1 = x[from + i];
            double x2 = x[from + half + i];
            x[from + i] = (float) (x1 * cos - x2 * sin);
            x[from + half + i] = (float) (x2 * cos + x1 * sin);
        }
    }

    /** Gemma 2's soft-capping {@code cap * tanh(x / cap)}; a cap of 0 means none. */
    static double softcap(double x, double cap) {
        return cap > 0 ? cap * Math.tanh(x / cap) : x;
    }

    /** SiLU, SwiGLU's gate: {@code x * sigmoid(x)}. */
    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /** GELU's tanh approximation (PyTorch's {@code gelu(approximate="tanh")}, gemma's {@code gelu_pytorch_tanh}). */
    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** Softmax of {@code scores[0, n)} in place. */
    static void softmax(double[] scores, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, scores[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = Math.exp(scores[i] - max);
            sum += scores[i];
        }
        for (int i = 0; i < n; i++) {
            scores[i] /= sum;
        }
    }

    /** Index of the largest value (the first of equals, as argmax does). */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
