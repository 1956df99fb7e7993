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

    /** For {@code MatMul}: row-major {@code [in, out]}. */
    record Dense(int in, int out, float[] values) implements PackedWeight {
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
    }
}
