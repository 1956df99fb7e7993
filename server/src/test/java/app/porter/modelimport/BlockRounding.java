package app.porter.modelimport;

import java.util.HashMap;
import java.util.Map;

import app.porter.inference.TinyLlama;

/**
 * Round-to-nearest block quantization, undone again: what INT8 / INT4 import does to a linear weight, as floats
 * a plain ONNX graph can hold. Blocks of 32 run along a Hugging Face row (the input dimension), symmetric around
 * zero: scale = max |w| / 127 (8 bits) or / 7 (4 bits, codes -8..7).
 */
final class BlockRounding {

    static final int BLOCK = 32;

    private BlockRounding() {
    }

    /** TinyLlama's linear weights ({@code [in, out]}) rounded; embedding and norms stay as they are. */
    static Map<String, float[]> rounded(TinyLlama.Spec spec, Map<String, float[]> weights, int bits) {
        int h = spec.hidden();
        int q = spec.heads() * spec.headDim();
        int kv = spec.kvHeads() * spec.headDim();
        int mlp = spec.intermediate();
        Map<String, float[]> out = new HashMap<>();
        for (int l = 0; l < spec.layers(); l++) {
            round(out, weights, "wq" + l, h, q, bits);
            round(out, weights, "wk" + l, h, kv, bits);
            round(out, weights, "wv" + l, h, kv, bits);
            round(out, weights, "wo" + l, q, h, bits);
            round(out, weights, "wg" + l, h, mlp, bits);
            round(out, weights, "wu" + l, h, mlp, bits);
            round(out, weights, "wd" + l, mlp, h, bits);
        }
        return out;
    }

    private static void round(Map<String, float[]> out, Map<String, float[]> weights, String name, int in, int outs,
                              int bits) {
        float[] rows = TinyLlamaCheckpoint.transpose(weights.get(name), in, outs); // [out, in]
        roundRows(rows, bits);
        out.put(name, TinyLlamaCheckpoint.transpose(rows, outs, in));
    }

    /** Rounds {@code w} in place, block by block (its length a multiple of 32, rows a multiple of 32 long). */
    static void roundRows(float[] w, int bits) {
        int top = (1 << (bits - 1)) - 1;
        for (int block = 0; block < w.length; block += BLOCK) {
            float max = 0;
            for (int i = block; i < block + BLOCK; i++) {
                max = Math.max(max, Math.abs(w[i]));
            }
            float scale = max / top;
            for (int i = block; i < block + BLOCK; i++) {
                int code = scale == 0 ? 0 : Math.clamp(Math.round(w[i] / scale), -top - 1, top);
                w[i] = code * scale;
            }
        }
    }
}
