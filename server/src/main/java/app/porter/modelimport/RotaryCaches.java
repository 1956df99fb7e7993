package app.porter.modelimport;

import java.util.Optional;

import app.porter.modelimport.DecoderShape.RopeScaling;

/**
 * The cos and sin tables {@code GroupQueryAttention} (or {@code RotaryEmbedding}) reads,
 * {@code [positions, headDim / 2]}: row p holds cos(p * inv_freq[i]). Llama 3's frequency scaling is applied to inv_freq here, once, so the graph needs nothing
 * for it.
 */
record RotaryCaches(int positions, int half, float[] cos, float[] sin) {

    static RotaryCaches of(DecoderShape shape) {
        int d = shape.headDim();
        int half = d / 2;
        double[] invFreq = new double[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = 1.0 / Math.pow(shape.ropeTheta(), 2.0 * i / d);
        }
        scale(invFreq, shape.variant().ropeScaling());
        int positions = shape.maxPositions();
        float[] cos = new float[positions * half];
        float[] sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                // float32 product first, as Hugging Face computes position * inv_freq in float32
                float angle = (float) p * (float) invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new RotaryCaches(positions, half, cos, sin);
    }

    /** transformers' _compute_llama3_parameters: long wavelengths slowed by factor, short kept, a smooth ramp between. */
    private static void scale(double[] invFreq, Optional<RopeScaling> scaling) {
        if (scaling.isEmpty()) {
            return;
        }
        RopeScaling s = scaling.get();
        double lowWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelength = s.originalMaxPositions() / s.highFreqFactor();
        for (int i = 0; i < invFreq.length; i++) {
            double wavelength = 2 * Math.PI / invFreq[i];
            if (wavelength > lowWavelength) {
                invFreq[i] = invFreq[i] / s.factor();
            } else if (wavelength >= highWavelength) {
                double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                invFreq[i] = (1 - smooth) * invFreq[i] / s.factor() + smooth * invFreq[i];
            }
        }
    }
}
