package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A linear layer's weight, ready for the graph: either float32 for a plain {@code MatMul} ({@code [in, out]}, the
 * transpose of the checkpoint's {@code [out, in]}), or blocks for ONNX Runtime's {@code MatMulNBits}.
 */
sealed interface PackedWeight {

    int in();

    int out();

    /**
     * The weight as the graph multiplies by it, row-major {@code [out, in]} like the checkpoint's: what the import's
     * reference computes with, so that it checks the graph, not the rounding the format chose.
     */
    float[] rows();

    /** For {@code MatMul}: row-major {@code [in, out]}. */
    record Dense(int in, int out, float[] values) implements PackedWeight {
        @Override
        public float[] rows() {
            float[] rows = new float[in * out];
            for (int c = 0; c < in; c++) {
                for (int r = 0; r < out; r++) {
                    rows[r * in + c] = values[c * out + r];
                }
            }
            return rows;
        }
    }

    /**
     * For {@code MatMulNBits} with {@code block_size} 32: {@code blob} is {@code [out, in / 32, 32 * bits / 8]}
     * (element 2i of a 4-bit block in the low nibble of byte i), {@code scales} {@code [out * in / 32]}. Without
     * {@code zeroPoints} the operator's default applies (8 for 4 bits, 128 for 8 bits): the symmetric blocks of
     * ggml's q4_0 / q8_0 and of Porter's own INT4 / INT8 rounding. q4_K's blocks bring float zero points.
     */
    record Blocks(int in, int out, int bits, ByteBuffer blob, float[] scales, Optional<float[]> zeroPoints)
            implements PackedWeight {
        static final int BLOCK = 32;

        int blocksPerRow() {
            return in / BLOCK;
        }

        /** {@code (q - zeroPoint) * scale}, element by element, as {@code MatMulNBits} defines its blocks. */
        @Override
        public float[] rows() {
            int perRow = blocksPerRow();
            int blockBytes = BLOCK * bits / 8;
            float defaultZero = bits == 4 ? 8 : 128;
            float[] rows = new float[in * out];
            for (int block = 0; block < out * perRow; block++) {
                float scale = scales[block];
                float zero = zeroPoints.isPresent() ? zeroPoints.get()[block] : defaultZero;
                for (int e = 0; e < BLOCK; e++) {
                    int q = bits == 8 ? blob.get(block * blockBytes + e) & 0xff
                            : (blob.get(block * blockBytes + e / 2) & 0xff) >> (e % 2 == 0 ? 0 : 4) & 0x0f;
                    rows[block * BLOCK + e] = (q - zero) * scale;
                }
            }
            return rows;
        }
    }
}
