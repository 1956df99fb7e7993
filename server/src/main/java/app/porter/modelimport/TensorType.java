package app.porter.modelimport;

/**
 * How a checkpoint stores one tensor's elements. Block types are GGUF's (ggml's) layouts, kept as they are so a
 * 4- or 8-bit weight can go into ONNX Runtime's {@code MatMulNBits} without a detour through float.
 *
 * @param blockElements elements per block (1 for plain floats)
 * @param blockBytes bytes per block
 */
public enum TensorType {
    F32(1, 4),
    F16(1, 2),
    BF16(1, 2),
    /** ggml q8_0: per 32 elements an f16 scale d, then 32 signed bytes q; value = d * q. */
    Q8_0(32, 34),
    /** ggml q4_0: per 32 elements an f16 scale d, then 16 bytes of nibbles (low nibbles are elements 0-15); value = d * (q - 8). */
    Q4_0(32, 18),
    /** ggml q4_1: per 32 elements f16 d and m, then 16 bytes of nibbles as q4_0's; value = d * q + m. */
    Q4_1(32, 20),
    /**
     * ggml q5_0: per 32 elements an f16 d, 4 bytes holding each element's fifth bit (bit e for element e), then 16
     * bytes of nibbles as q4_0's; value = d * (q - 16). What llama.cpp's Q4_K_M falls back to for rows that are not
     * a multiple of 256 long (SmolLM2's 576, for one).
     */
    Q5_0(32, 22),
    /** ggml q5_1: per 32 elements f16 d and m, then q5_0's fifth bits and nibbles; value = d * q + m. */
    Q5_1(32, 24),
    /** ggml q4_K: per 256 elements f16 d and dmin, 12 bytes of 6-bit sub-block scales and mins, 128 bytes of nibbles. */
    Q4_K(256, 144),
    /**
     * ggml q6_K: per 256 elements 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 signed 8-bit
     * sub-block scales (one per 16 elements), an f16 d; value = d * scale * (q - 32). What llama.cpp's Q4_0, Q4_K_M
     * and Q5_K_M files keep their output (or tied embedding) and some other weights in.
     */
    Q6_K(256, 210);

    private final int blockElements;
    private final int blockBytes;

    TensorType(int blockElements, int blockBytes) {
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
    }

    public int blockElements() {
        return blockElements;
    }

    public int blockBytes() {
        return blockBytes;
    }

    public boolean quantized() {
        return blockElements > 1;
    }

    /** Bytes that {@code elements} elements take; they must fill whole blocks. */
    public long bytesFor(long elements) {
        if (elements % blockElements != 0) {
            throw new IllegalArgumentException(this + " stores whole blocks of " + blockElements + " elements; "
                    + elements + " is not a multiple");
        }
        return elements / blockElements * blockBytes;
    }
}
