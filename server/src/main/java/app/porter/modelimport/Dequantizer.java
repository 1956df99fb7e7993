package app.porter.modelimport;

import java.nio.ByteBuffer;

/**
 * Turns a tensor's stored elements into floats; block layouts are ggml's (see {@link TensorType}). The block types
 * follow ggml's {@code dequantize_row_*} reference code operation for operation, in float, so the result is the
 * same bit for bit as llama.cpp's.
 */
final class Dequantizer {

    private Dequantizer() {
    }

    static float[] toFloats(TensorType type, ByteBuffer bytes, int elements) {
        float[] out = new float[elements];
        switch (type) {
            case F32 -> bytes.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < elements; i++) {
                    out[i] = Float.float16ToFloat(bytes.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < elements; i++) {
                    out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case Q8_0 -> q8_0(bytes, out);
            case Q4_0 -> q4_0(bytes, out);
            case Q4_1 -> legacy(bytes, out, 20, true, false);
            case Q5_0 -> legacy(bytes, out, 22, false, true);
            case Q5_1 -> legacy(bytes, out, 24, true, true);
            case Q4_K -> q4_K(bytes, out);
            case Q6_K -> q6_K(bytes, out);
        }
        return out;
    }

    private static void q8_0(ByteBuffer in, float[] out) {
        for (int block = 0, at = 0; block < out.length / 32; block++, at += 34) {
            float d = Float.float16ToFloat(in.getShort(at));
            for (int j = 0; j < 32; j++) {
                out[block * 32 + j] = in.get(at + 2 + j) * d;
            }
        }
    }

    private static void q4_0(ByteBuffer in, float[] out) {
        for (int block = 0, at = 0; block < out.length / 32; block++, at += 18) {
            float d = Float.float16ToFloat(in.getShort(at));
            for (int j = 0; j < 16; j++) {
                int q = in.get(at + 2 + j) & 0xff;
                out[block * 32 + j] = ((q & 0x0f) - 8) * d;
                out[block * 32 + j + 16] = ((q >> 4) - 8) * d;
            }
        }
    }

    /**
     * ggml's q4_1, q5_0 and q5_1 ({@code dequantize_row_q4_1/q5_0/q5_1}): f16 d, then with a minimum an f16 m,
     * then for 5 bits 4 bytes of fifth bits, then q4_0's nibbles. Without a minimum the code is centred
     * ({@code - 16}); with one, {@code d * q + m}.
     */
    private static void legacy(ByteBuffer in, float[] out, int blockBytes, boolean minimum, boolean fiveBits) {
        for (int block = 0, at = 0; block < out.length / 32; block++, at += blockBytes) {
            float d = Float.float16ToFloat(in.getShort(at));
            float m = minimum ? Float.float16ToFloat(in.getShort(at + 2)) : 0;
            int qs = at + (minimum ? 4 : 2) + (fiveBits ? 4 : 0);
            int high = fiveBits ? in.getInt(at + (minimum ? 4 : 2)) : 0;
            for (int e = 0; e < 32; e++) {
                int q = code(in, qs, high, e);
                out[block * 32 + e] = minimum ? q * d + m : (q - 16) * d;
            }
        }
    }

    /**
     * Element {@code e} (0-31) of a legacy ggml block: its nibble (byte {@code e mod 16} from {@code qs}, low half
     * for the first 16) and, for 5-bit types, bit {@code e} of {@code high} as the fifth bit (0 for 4-bit types).
     */
    static int code(ByteBuffer in, int qs, int high, int e) {
        int b = in.get(qs + (e & 15)) & 0xff;
        return (e < 16 ? b & 0x0f : b >> 4) | (high >>> e & 1) << 4;
    }

    private static void q4_K(ByteBuffer in, float[] out) {
        int y = 0;
        for (int block = 0, at = 0; block < out.length / 256; block++, at += 144) {
            float d = Float.float16ToFloat(in.getShort(at));
            float min = Float.float16ToFloat(in.getShort(at + 2));
            int scales = at + 4;
            int qs = at + 16;
            for (int j = 0, is = 0; j < 256; j += 64, is += 2) {
                float d1 = d * q4KScale(in, scales, is);
                float m1 = min * q4KMin(in, scales, is);
                float d2 = d * q4KScale(in, scales, is + 1);
                float m2 = min * q4KMin(in, scales, is + 1);
                for (int l = 0; l < 32; l++) {
                    out[y++] = d1 * (in.get(qs + l) & 0x0f) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    out[y++] = d2 * ((in.get(qs + l) & 0xff) >> 4) - m2;
                }
                qs += 32;
            }
        }
    }

    /**
     * ggml's {@code dequantize_row_q6_K}: each half of a 256-block is 128 elements from 64 bytes of nibbles (low
     * then high nibbles of bytes 0-31 and 32-63) and 32 bytes of 2-bit high parts, one 8-bit scale per 16 elements.
     */
    private static void q6_K(ByteBuffer in, float[] out) {
        for (int block = 0, at = 0; block < out.length / 256; block++, at += 210) {
            float d = Float.float16ToFloat(in.getShort(at + 208));
            for (int half = 0; half < 2; half++) {
                int ql = at + 64 * half;
                int qh = at + 128 + 32 * half;
                int sc = at + 192 + 8 * half;
                int y = block * 256 + 128 * half;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int low0 = in.get(ql + l) & 0xff;
                    int low32 = in.get(ql + l + 32) & 0xff;
                    int high = in.get(qh + l) & 0xff;
                    out[y + l] = d * in.get(sc + is) * (((low0 & 0x0f) | (high & 3) << 4) - 32);
                    out[y + l + 32] = d * in.get(sc + is + 2) * (((low32 & 0x0f) | (high >> 2 & 3) << 4) - 32);
                    out[y + l + 64] = d * in.get(sc + is + 4) * ((low0 >> 4 | (high >> 4 & 3) << 4) - 32);
                    out[y + l + 96] = d * in.get(sc + is + 6) * ((low32 >> 4 | (high >> 6 & 3) << 4) - 32);
                }
            }
        }
    }

    /** ggml's {@code get_scale_min_k4}: eight 6-bit scales and eight 6-bit mins packed into 12 bytes. */
    static int q4KScale(ByteBuffer in, int scales, int j) {
        if (j < 4) {
            return in.get(scales + j) & 63;
        }
        return (in.get(scales + j + 4) & 0x0f) | (((in.get(scales + j - 4) & 0xff) >> 6) << 4);
    }

    static int q4KMin(ByteBuffer in, int scales, int j) {
        if (j < 4) {
            return in.get(scales + j + 4) & 63;
        }
        return ((in.get(scales + j + 4) & 0xff) >> 4) | (((in.get(scales + j) & 0xff) >> 6) << 4);
    }
}
