package app.porter.modelimport;

/**
 * How the imported graph stores its linear weights. {@code AS_SOURCE} keeps a quantized GGUF's blocks exactly
 * (q4_0 and q8_0 map onto MatMulNBits without rounding again, q4_K with float zero points) and keeps float sources
 * as f32; the others convert: f32, or round-to-nearest 8-bit / 4-bit blocks of 32 for MatMulNBits. Every
 * MatMulNBits rounds its activations to 8-bit blocks, so only f32 graphs (and as-source float ones) are exact.
 */
public enum WeightFormat { AS_SOURCE, F32, INT8, INT4 }
