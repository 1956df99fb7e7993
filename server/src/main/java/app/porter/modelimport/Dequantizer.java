package app.porter.modelimport;

import java.nio.ByteBuffer;

/** Turns a tensor's stored elements into floats; block layouts are ggml's (see {@link TensorType}). */
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
            // The block types are the GGUF reader's part of issue 16 (q8_0, q4_0, q4_K).
            default -> throw new UnsupportedOperationException("dequantizing " + type + " is not built yet");
        }
        return out;
    }
}
