package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ggml's q4_0, q8_0 and q4_K blocks written and read back by the tests, after ggml's reference code
 * (quantize_row_*_ref, dequantize_row_*), so the writer's exact mapping can be checked against the float values the
 * blocks stand for.
 */
final class GgmlQuantizer {

    private GgmlQuantizer() {
    }

    static Tensor quantize(Tensor t, TensorType type) {
        float[] x = t.toFloats();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.bytesFor(x.length))).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < x.length / type.blockElements(); b++) {
            int at = b * type.blockElements();
            switch (type) {
                case Q8_0 -> q8(x, at, out);
                case Q4_0 -> q4(x, at, out);
                case Q4_K -> q4k(x, at, out);
                default -> throw new IllegalArgumentException(type.name());
            }
        }
        return new Tensor(t.name(), t.shape(), type, out.flip());
    }

    private static void q8(float[] x, int at, ByteBuffer out) {
        float amax = 0;
        for (int i = 0; i < 32; i++) {
            amax = Math.max(amax, Math.abs(x[at + i]));
        }
        float d = amax / 127;
        float id = d == 0 ? 0 : 1 / d;
        out.putShort(Float.floatToFloat16(d));
        for (int i = 0; i < 32; i++) {
            out.put((byte) Math.round(x[at + i] * id));
        }
    }

    private static void q4(float[] x, int at, ByteBuffer out) {
        float max = 0;
        for (int i = 0; i < 32; i++) {
            if (Math.abs(x[at + i]) > Math.abs(max)) {
                max = x[at + i];
            }
        }
        float d = max / -8;
        float id = d == 0 ? 0 : 1 / d;
        out.putShort(Float.floatToFloat16(d));
        for (int i = 0; i < 16; i++) {
            int lo = Math.min(15, (int) (x[at + i] * id + 8.5f));
            int hi = Math.min(15, (int) (x[at + 16 + i] * id + 8.5f));
            out.put((byte) (lo | hi << 4));
        }
    }

    private static void q4k(float[] x, int at, ByteBuffer out) {
        float[] scale = new float[8];
        float[] min = new float[8];
        for (int j = 0; j < 8; j++) {
            float lo = 0;
            float hi = 0;
            for (int i = 0; i < 32; i++) {
                lo = Math.min(lo, x[at + 32 * j + i]);
                hi = Math.max(hi, x[at + 32 * j + i]);
            }
            scale[j] = (hi - lo) / 15;
            min[j] = -lo;
        }
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            maxScale = Math.max(maxScale, scale[j]);
            maxMin = Math.max(maxMin, min[j]);
        }
        float d = Float.float16ToFloat(Float.floatToFloat16(maxScale / 63));
        float dmin = Float.float16ToFloat(Float.floatToFloat16(maxMin / 63));
        int[] sc = new int[8];
        int[] m = new int[8];
        for (int j = 0; j < 8; j++) {
            sc[j] = d == 0 ? 0 : Math.clamp(Math.round(scale[j] / d), 0, 63);
            m[j] = dmin == 0 ? 0 : Math.clamp(Math.round(min[j] / dmin), 0, 63);
        }
        out.putShort(Float.floatToFloat16(d));
        out.putShort(Float.floatToFloat16(dmin));
        byte[] packed = new byte[12];
        for (int j = 0; j < 4; j++) {
            packed[j] = (byte) (sc[j] | (sc[j + 4] >> 4) << 6);
            packed[j + 4] = (byte) (m[j] | (m[j + 4] >> 4) << 6);
            packed[j + 8] = (byte) ((sc[j + 4] & 0xf) | (m[j + 4] & 0xf) << 4);
        }
        out.put(packed);
        int[] q = new int[256];
        for (int j = 0; j < 8; j++) {
            float s = d * sc[j];
            float mn = dmin * m[j];
            for (int i = 0; i < 32; i++) {
                q[32 * j + i] = s == 0 ? 0 : Math.clamp(Math.round((x[at + 32 * j + i] + mn) / s), 0, 15);
            }
        }
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                out.put((byte) (q[64 * c + l] | q[64 * c + 32 + l] << 4));
            }
        }
    }

    static float[] dequantize(Tensor t) {
        ByteBuffer src = t.bytes();
        int n = Math.toIntExact(t.elements());
        float[] y = new float[n];
        TensorType type = t.type();
        for (int b = 0; b < n / type.blockElements(); b++) {
            int at = b * type.blockBytes();
            int o = b * type.blockElements();
            switch (type) {
                case Q8_0 -> {
                    float d = Float.float16ToFloat(src.getShort(at));
                    for (int i = 0; i < 32; i++) {
                        y[o + i] = d * src.get(at + 2 + i);
                    }
                }
                case Q4_0 -> {
                    float d = Float.float16ToFloat(src.getShort(at));
                    for (int i = 0; i < 16; i++) {
                        int v = src.get(at + 2 + i) & 0xff;
                        y[o + i] = d * ((v & 0xf) - 8);
                        y[o + 16 + i] = d * ((v >> 4) - 8);
                    }
                }
                case Q4_K -> {
                    float d = Float.float16ToFloat(src.getShort(at));
                    float dmin = Float.float16ToFloat(src.getShort(at + 2));
                    int[] sc = new int[8];
                    int[] m = new int[8];
                    GgmlBlocks.scalesAndMins(src, at + 4, sc, m);
                    for (int c = 0; c < 4; c++) {
                        for (int l = 0; l < 32; l++) {
                            int v = src.get(at + 16 + 32 * c + l) & 0xff;
                            y[o + 64 * c + l] = d * sc[2 * c] * (v & 0xf) - dmin * m[2 * c];
                            y[o + 64 * c + 32 + l] = d * sc[2 * c + 1] * (v >> 4) - dmin * m[2 * c + 1];
                        }
                    }
                }
                default -> throw new IllegalArgumentException(type.name());
            }
        }
        return y;
    }
}
