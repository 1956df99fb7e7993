package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

import app.porter.modelimport.PackedWeight.Blocks;
import app.porter.modelimport.PackedWeight.Dense;

/**
 * Turns checkpoint weights ({@code [out, in]}, any {@link TensorType}) into what the graph's matmuls take. Several
 * weights sharing an input are stacked along {@code out} (q/k/v, gate/up) so one matmul serves them all.
 *
 * <p>What {@link WeightFormat#AS_SOURCE} keeps: q4_0 and q8_0 blocks map onto 4- and 8-bit {@code MatMulNBits}
 * blocks of 32 bit for bit (q4_0's nibbles are re-ordered, q8_0's signed bytes shifted by 128, both then use the
 * operator's default zero point, 8 or 128). A q4_K super-block's eight sub-blocks of 32 become eight 4-bit blocks
 * with scale {@code d * sc} and float zero point {@code dmin * m / (d * sc)}, so {@code (q - zp) * scale} is
 * ggml's {@code d * sc * q - dmin * m} up to float rounding; a sub-block whose scale is zero but whose minimum is
 * not cannot be written that way, and then the whole weight goes to f32. q5_0's 5-bit codes become 8-bit codes with
 * the same scale, bit for bit. q6_K (sub-blocks of 16, each with its own scale), q4_1 and q5_1 (a minimum per block)
 * are requantized to 8-bit blocks from their exact values (a 4-6-bit grid inside an 8-bit one loses little). Float
 * sources and mixed stacks go to f32.
 */
final class WeightPacker {

    private WeightPacker() {
    }

    /**
     * Whether a graph written from {@code checkpoint} in {@code format} holds blocks for MatMulNBits: INT8 and INT4
     * always (but for a matmul whose inputs are no multiple of 32), as-source when the checkpoint has quantized
     * tensors (but for the mixed or float ones, and a q4_K weight that cannot be written as blocks).
     */
    static boolean packsBlocks(Checkpoint checkpoint, WeightFormat format) {
        return switch (format) {
            case F32 -> false;
            case INT8, INT4 -> true;
            case AS_SOURCE -> checkpoint.tensors().values().stream().anyMatch(t -> t.type().quantized());
        };
    }

    /**
     * @param factor multiplies every weight (granite's residual multiplier, a logit scale), folded in here so the
     *               graph needs no extra op
     */
    static PackedWeight pack(List<Tensor> parts, double factor, WeightFormat format) {
        int in = parts.getFirst().columns();
        for (Tensor t : parts) {
            if (t.columns() != in) {
                throw new IllegalArgumentException(t.name() + " has " + t.columns() + " inputs, expected " + in);
            }
        }
        int out = parts.stream().mapToInt(Tensor::rows).sum();
        boolean blocksFit = in % Blocks.BLOCK == 0;
        TensorType type = parts.getFirst().type();
        boolean sameType = parts.stream().allMatch(t -> t.type() == type);
        return switch (format) {
            case F32 -> dense(parts, in, out, factor);
            case INT8 -> blocksFit ? quantize(parts, in, out, factor, 8) : dense(parts, in, out, factor);
            case INT4 -> blocksFit ? quantize(parts, in, out, factor, 4) : dense(parts, in, out, factor);
            case AS_SOURCE -> {
                if (!sameType || !blocksFit) {
                    yield dense(parts, in, out, factor);
                }
                yield switch (type) {
                    case Q4_0, Q8_0, Q5_0 -> GgmlBlocks.exact(parts, in, out, factor);
                    case Q4_K -> GgmlBlocks.q4k(parts, in, out, factor).<PackedWeight>map(b -> b)
                            .orElseGet(() -> dense(parts, in, out, factor));
                    // 16-element sub-blocks with their own scales fit no block of 32: 8-bit blocks of the exact
                    // 6-bit values lose little (a 6-bit grid inside an 8-bit one) and keep the fast kernel
                    case Q6_K -> quantize(parts, in, out, factor, 8);
                    // a minimum per block: requantized the same way (rare in current files; no float zero points
                    // needed)
                    case Q4_1, Q5_1 -> quantize(parts, in, out, factor, 8);
                    default -> dense(parts, in, out, factor);
                };
            }
        };
    }

    /** Float32 {@code [in, out]}: the stacked weights transposed. */
    static Dense dense(List<Tensor> parts, int in, int out, double factor) {
        float[] values = new float[in * out];
        int row = 0;
        for (Tensor t : parts) {
            float[] w = t.toFloats();
            for (int r = 0; r < t.rows(); r++, row++) {
                for (int c = 0; c < in; c++) {
                    values[c * out + row] = (float) (w[r * in + c] * factor);
                }
            }
        }
        return new Dense(in, out, values);
    }

    /**
     * Round-to-nearest symmetric blocks of 32, as ggml rounds q4_0 and q8_0: 8 bits with scale max|x| / 127; 4 bits
     * with scale (the block's largest-magnitude value) / -8, so that value lands exactly on -8 and the 16 levels
     * are all used.
     */
    static Blocks quantize(List<Tensor> parts, int in, int out, double factor, int bits) {
        int blocksPerRow = in / Blocks.BLOCK;
        int blobBytes = Blocks.BLOCK * bits / 8;
        ByteBuffer blob = ByteBuffer.allocate(out * blocksPerRow * blobBytes);
        float[] scales = new float[out * blocksPerRow];
        float[] block = new float[Blocks.BLOCK];
        int row = 0;
        for (Tensor t : parts) {
            float[] w = t.toFloats();
            for (int r = 0; r < t.rows(); r++, row++) {
                for (int b = 0; b < blocksPerRow; b++) {
                    for (int i = 0; i < Blocks.BLOCK; i++) {
                        block[i] = (float) (w[r * in + b * Blocks.BLOCK + i] * factor);
                    }
                    int index = row * blocksPerRow + b;
                    scales[index] = bits == 8 ? quantize8(block, blob) : quantize4(block, blob);
                }
            }
        }
        return new Blocks(in, out, bits, blob.flip(), scales, Optional.empty());
    }

    private static float quantize8(float[] block, ByteBuffer blob) {
        float max = 0;
        for (float v : block) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max / 127f;
        float inverse = scale == 0 ? 0 : 1 / scale;
        for (float v : block) {
            int q = Math.round(v * inverse);
            blob.put((byte) (Math.clamp(q, -127, 127) + 128));
        }
        return scale;
    }

    private static float quantize4(float[] block, ByteBuffer blob) {
        float extreme = 0;
        for (float v : block) {
            if (Math.abs(v) > Math.abs(extreme)) {
                extreme = v;
            }
        }
        float scale = extreme / -8f;
        float inverse = scale == 0 ? 0 : 1 / scale;
        for (int i = 0; i < block.length; i += 2) {
            int lo = Math.clamp((int) (block[i] * inverse + 8.5f), 0, 15);
            int hi = Math.clamp((int) (block[i + 1] * inverse + 8.5f), 0, 15);
            blob.put((byte) (lo | hi << 4));
        }
        return scale;
    }

    /** A bias for the stacked outputs (qwen2's q/k/v), or null when the checkpoint has none. */
    static float[] bias(List<Optional<Tensor>> parts) {
        if (parts.stream().allMatch(Optional::isEmpty)) {
            return null;
        }
        int total = 0;
        for (Optional<Tensor> p : parts) {
            total += Math.toIntExact(p.orElseThrow(() -> new IllegalArgumentException(
                    "a checkpoint with attention biases must have all three of q, k and v")).elements());
        }
        float[] out = new float[total];
        int at = 0;
        for (Optional<Tensor> p : parts) {
            float[] b = p.orElseThrow().toFloats();
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
