package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import app.porter.modelimport.PackedWeight.Blocks;

/** ggml's quantized blocks re-laid for {@code MatMulNBits} without rounding again (see {@link WeightPacker}). */
final class GgmlBlocks {

    private GgmlBlocks() {
    }

    /**
     * q4_0, q8_0 or q5_0 (all parts the same type): nibbles re-ordered, or bytes shifted (q5_0's 5-bit codes become
     * 8-bit ones, {@code q - 16 + 128}); scales kept.
     */
    static Blocks exact(List<Tensor> parts, int in, int out, double factor) {
        TensorType type = parts.getFirst().type();
        int bits = type == TensorType.Q4_0 ? 4 : 8;
        int blocksPerRow = in / Blocks.BLOCK;
        int blobBytes = Blocks.BLOCK * bits / 8;
        ByteBuffer blob = ByteBuffer.allocate(out * blocksPerRow * blobBytes);
        float[] scales = new float[out * blocksPerRow];
        int block = 0;
        for (Tensor t : parts) {
            ByteBuffer src = t.bytes();
            long blocks = t.elements() / Blocks.BLOCK;
            for (long b = 0; b < blocks; b++, block++) {
                int at = (int) (b * type.blockBytes());
                scales[block] = (float) (Float.float16ToFloat(src.getShort(at)) * factor);
                if (type == TensorType.Q8_0) {
                    for (int i = 0; i < 32; i++) {
                        blob.put((byte) (src.get(at + 2 + i) + 128));
                    }
                } else if (type == TensorType.Q5_0) {
                    int high = src.getInt(at + 2); // bit e: element e's fifth bit
                    for (int e = 0; e < 32; e++) {
                        int q = Dequantizer.code(src, at + 6, high, e);
                        blob.put((byte) (q - 16 + 128));
                    }
                } else {
                    // ggml: byte j holds element j (low) and j + 16 (high); MatMulNBits: byte i holds 2i and 2i + 1
                    for (int i = 0; i < 16; i++) {
                        int lo = Dequantizer.code(src, at + 2, 0, 2 * i);
                        int hi = Dequantizer.code(src, at + 2, 0, 2 * i + 1);
                        blob.put((byte) (lo | hi << 4));
                    }
                }
            }
        }
        return new Blocks(in, out, bits, blob.flip(), scales, Optional.empty());
    }

    /**
     * q4_K as 4-bit blocks of 32 with float zero points, or empty when a sub-block has a zero scale and a non-zero
     * minimum (no zero point expresses it).
     */
    static Optional<Blocks> q4k(List<Tensor> parts, int in, int out, double factor) {
        int blocksPerRow = in / Blocks.BLOCK;
        ByteBuffer blob = ByteBuffer.allocate(out * blocksPerRow * 16);
        float[] scales = new float[out * blocksPerRow];
        float[] zeros = new float[out * blocksPerRow];
        int sub = 0;
        int[] sc = new int[8];
        int[] m = new int[8];
        for (Tensor t : parts) {
            ByteBuffer src = t.bytes();
            long superBlocks = t.elements() / 256;
            for (long s = 0; s < superBlocks; s++) {
                int at = (int) (s * TensorType.Q4_K.blockBytes());
                float d = Float.float16ToFloat(src.getShort(at));
                float dmin = Float.float16ToFloat(src.getShort(at + 2));
                scalesAndMins(src, at + 4, sc, m);
                int qs = at + 16;
                for (int j = 0; j < 8; j++, sub++) {
                    float scale = d * sc[j];
                    float min = dmin * m[j];
                    if (scale == 0 && min != 0) {
                        return Optional.empty();
                    }
                    scales[sub] = (float) (scale * factor);
                    zeros[sub] = scale == 0 ? 0 : min / scale;
                    // sub-blocks 2c and 2c + 1 share 32 bytes: low nibbles are 2c's elements, high nibbles 2c+1's
                    int bytes = qs + 32 * (j / 2);
                    for (int i = 0; i < 16; i++) {
                        int lo = q4kNibble(src, bytes, 2 * i, j);
                        int hi = q4kNibble(src, bytes, 2 * i + 1, j);
                        blob.put((byte) (lo | hi << 4));
                    }
                }
            }
        }
        return Optional.of(new Blocks(in, out, 4, blob.flip(), scales, Optional.of(zeros)));
    }

    private static int q4kNibble(ByteBuffer src, int bytes, int e, int subBlock) {
        int b = src.get(bytes + e) & 0xff;
        return subBlock % 2 == 0 ? b & 0xf : b >> 4;
    }

    /** ggml's get_scale_min_k4: eight 6-bit scales and mins packed into 12 bytes. */
    static void scalesAndMins(ByteBuffer src, int at, int[] sc, int[] m) {
        for (int j = 0; j < 8; j++) {
            int sj = src.get(at + j) & 0xff;
            if (j < 4) {
                sc[j] = sj & 63;
                m[j] = src.get(at + j + 4) & 63;
            } else {
                int s4 = src.get(at + j + 4) & 0xff;
                sc[j] = (s4 & 0xf) | ((src.get(at + j - 4) & 0xff) >> 6) << 4;
                m[j] = (s4 >> 4) | (sj >> 6) << 4;
            }
        }
    }
}
