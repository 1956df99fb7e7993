package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test-side encoding of floats as any {@link TensorType}; for ggml's block layouts, written apart from the reader's {@code Dequantizer}: q8_0 and
 * q4_0 follow ggml's {@code quantize_row_*_ref}; q4_K uses a plain min/max fit (not ggml's search, which only
 * changes which blocks are chosen, not how they decode). Each result carries the values the blocks decode to,
 * computed here from the chosen scales, so a test can check the reader against them.
 */
public final class Quantizer {

    /** @param decoded what the blocks stand for, worked out from the scales the quantizer chose */
    public record Quantized(byte[] bytes, float[] decoded) {
    }

    private Quantizer() {
    }

    public static Quantized quantize(TensorType type, float[] x) {
        return switch (type) {
            case Q8_0 -> q8_0(x);
            case Q4_0 -> q4_0(x);
            case Q4_1 -> legacy(TensorType.Q4_1, x, 15, true);
            case Q5_0 -> legacy(TensorType.Q5_0, x, 31, false);
            case Q5_1 -> legacy(TensorType.Q5_1, x, 31, true);
            case Q4_K -> q4_K(x);
            case Q6_K -> q6_K(x);
            case F32 -> floats(x);
            case F16 -> halves(x);
            case BF16 -> brainFloats(x);
        };
    }

    private static Quantized floats(float[] x) {
        ByteBuffer out = buffer(TensorType.F32, x.length);
        out.asFloatBuffer().put(x);
        return new Quantized(out.array(), x.clone());
    }

    private static Quantized halves(float[] x) {
        ByteBuffer out = buffer(TensorType.F16, x.length);
        float[] decoded = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out.putShort(Float.floatToFloat16(x[i]));
            decoded[i] = f16(x[i]);
        }
        return new Quantized(out.array(), decoded);
    }

    /** Round to nearest even, as PyTorch's and ggml's bf16 conversions do. */
    private static Quantized brainFloats(float[] x) {
        ByteBuffer out = buffer(TensorType.BF16, x.length);
        float[] decoded = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int bits = Float.floatToRawIntBits(x[i]);
            int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
            out.putShort((short) rounded);
            decoded[i] = Float.intBitsToFloat(rounded << 16);
        }
        return new Quantized(out.array(), decoded);
    }

    private static ByteBuffer buffer(TensorType type, int elements) {
        return ByteBuffer.allocate(Math.toIntExact(type.bytesFor(elements))).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float f16(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
    }

    private static Quantized q8_0(float[] x) {
        ByteBuffer out = buffer(TensorType.Q8_0, x.length);
        float[] decoded = new float[x.length];
        for (int b = 0; b < x.length / 32; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                byte q = (byte) Math.round(x[b * 32 + j] * id);
                out.put(q);
                decoded[b * 32 + j] = q * f16(d);
            }
        }
        return new Quantized(out.array(), decoded);
    }

    private static Quantized q4_0(float[] x) {
        ByteBuffer out = buffer(TensorType.Q4_0, x.length);
        float[] decoded = new float[x.length];
        for (int b = 0; b < x.length / 32; b++) {
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[b * 32 + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float id = d != 0 ? 1 / d : 0;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (byte) (x[b * 32 + j] * id + 8.5f));
                int q1 = Math.min(15, (byte) (x[b * 32 + 16 + j] * id + 8.5f));
                out.put((byte) (q0 | (q1 << 4)));
                decoded[b * 32 + j] = (q0 - 8) * f16(d);
                decoded[b * 32 + 16 + j] = (q1 - 8) * f16(d);
            }
        }
        return new Quantized(out.array(), decoded);
    }

    /**
     * q4_1, q5_0 and q5_1 after ggml's {@code quantize_row_*_ref}: with a minimum, {@code d = (max - min) / levels},
     * codes {@code (x - min) / d} rounded; without (q5_0), {@code d = extreme / -16}, codes centred on 16. Fifth bits
     * (for 31 levels) go to a 32-bit word, bit e for element e; nibbles as q4_0's.
     */
    private static Quantized legacy(TensorType type, float[] x, int levels, boolean minimum) {
        ByteBuffer out = buffer(type, x.length);
        float[] decoded = new float[x.length];
        for (int b = 0; b < x.length / 32; b++) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            float extreme = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[b * 32 + j];
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (Math.abs(v) > Math.abs(extreme)) {
                    extreme = v;
                }
            }
            float d = minimum ? (max - min) / levels : extreme / -16;
            float id = d != 0 ? 1 / d : 0;
            out.putShort(Float.floatToFloat16(d));
            if (minimum) {
                out.putShort(Float.floatToFloat16(min));
            }
            int[] q = new int[32];
            int high = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[b * 32 + j];
                q[j] = minimum ? Math.min(levels, (int) ((v - min) * id + 0.5f))
                        : Math.min(31, (int) (v * id + 16.5f));
                high |= (q[j] >> 4 & 1) << j;
                decoded[b * 32 + j] = minimum ? q[j] * f16(d) + f16(min) : (q[j] - 16) * f16(d);
            }
            if (levels == 31) {
                out.putInt(high);
            }
            for (int j = 0; j < 16; j++) {
                out.put((byte) ((q[j] & 0x0f) | (q[j + 16] & 0x0f) << 4));
            }
        }
        return new Quantized(out.array(), decoded);
    }

    private static Quantized q4_K(float[] x) {
        ByteBuffer out = buffer(TensorType.Q4_K, x.length);
        float[] decoded = new float[x.length];
        for (int b = 0; b < x.length / 256; b++) {
            int base = b * 256;
            float[] scale = new float[8];
            float[] min = new float[8];
            for (int s = 0; s < 8; s++) {
                float lo = 0;
                float hi = 0;
                for (int l = 0; l < 32; l++) {
                    lo = Math.min(lo, x[base + s * 32 + l]);
                    hi = Math.max(hi, x[base + s * 32 + l]);
                }
                scale[s] = (hi - lo) / 15;
                min[s] = -lo;
            }
            float d = f16(max(scale) / 63);
            float dmin = f16(max(min) / 63);
            int[] sc = new int[8];
            int[] m = new int[8];
            for (int s = 0; s < 8; s++) {
                sc[s] = d == 0 ? 0 : Math.min(63, Math.round(scale[s] / d));
                m[s] = dmin == 0 ? 0 : Math.min(63, Math.round(min[s] / dmin));
            }
            out.putShort(Float.floatToFloat16(d));
            out.putShort(Float.floatToFloat16(dmin));
            for (int j = 0; j < 4; j++) {
                out.put((byte) (sc[j] | ((sc[j + 4] >> 4) << 6)));
            }
            for (int j = 0; j < 4; j++) {
                out.put((byte) (m[j] | ((m[j + 4] >> 4) << 6)));
            }
            for (int j = 0; j < 4; j++) {
                out.put((byte) ((sc[j + 4] & 0x0f) | ((m[j + 4] & 0x0f) << 4)));
            }
            int[] q = new int[256];
            for (int s = 0; s < 8; s++) {
                float step = d * sc[s];
                float offset = dmin * m[s];
                for (int l = 0; l < 32; l++) {
                    int i = s * 32 + l;
                    q[i] = step == 0 ? 0 : Math.clamp(Math.round((x[base + i] + offset) / step), 0, 15);
                    decoded[base + i] = step * q[i] - offset;
                }
            }
            for (int chunk = 0; chunk < 4; chunk++) {
                for (int l = 0; l < 32; l++) {
                    out.put((byte) (q[chunk * 64 + l] | (q[chunk * 64 + 32 + l] << 4)));
                }
            }
        }
        return new Quantized(out.array(), decoded);
    }

    /**
     * q6_K with a plain fit: each 16-element sub-block's scale is its largest magnitude over 31, the block's d the
     * largest scale over 127 (f16), the 8-bit sub-block scales rounded to it. Laid out as ggml's
     * {@code quantize_row_q6_K_ref} lays it out: per 128 elements, low nibbles of elements l and l + 64 share a byte
     * (l + 32 and l + 96 the byte 32 later), their high 2-bit parts one byte of qh.
     */
    private static Quantized q6_K(float[] x) {
        ByteBuffer out = buffer(TensorType.Q6_K, x.length);
        float[] decoded = new float[x.length];
        for (int b = 0; b < x.length / 256; b++) {
            int base = b * 256;
            float[] scale = new float[16];
            for (int s = 0; s < 16; s++) {
                for (int l = 0; l < 16; l++) {
                    scale[s] = Math.max(scale[s], Math.abs(x[base + s * 16 + l]) / 31);
                }
            }
            float d = f16(max(scale) / 127);
            int[] sc = new int[16];
            int[] q = new int[256];
            for (int s = 0; s < 16; s++) {
                sc[s] = d == 0 ? 0 : Math.min(127, Math.round(scale[s] / d));
                float step = d * sc[s];
                for (int l = 0; l < 16; l++) {
                    int i = s * 16 + l;
                    q[i] = step == 0 ? 32 : Math.clamp(Math.round(x[base + i] / step), -32, 31) + 32;
                    decoded[base + i] = step * (q[i] - 32);
                }
            }
            byte[] ql = new byte[128];
            byte[] qh = new byte[64];
            for (int half = 0; half < 2; half++) {
                for (int l = 0; l < 32; l++) {
                    int j = half * 128;
                    ql[half * 64 + l] = (byte) ((q[j + l] & 0x0f) | (q[j + l + 64] & 0x0f) << 4);
                    ql[half * 64 + l + 32] = (byte) ((q[j + l + 32] & 0x0f) | (q[j + l + 96] & 0x0f) << 4);
                    qh[half * 32 + l] = (byte) (q[j + l] >> 4 | (q[j + l + 32] >> 4) << 2 | (q[j + l + 64] >> 4) << 4
                            | (q[j + l + 96] >> 4) << 6);
                }
            }
            out.put(ql).put(qh);
            for (int s = 0; s < 16; s++) {
                out.put((byte) sc[s]);
            }
            out.putShort(Float.floatToFloat16(d));
        }
        return new Quantized(out.array(), decoded);
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }
}
