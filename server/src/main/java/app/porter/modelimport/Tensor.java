package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor of a checkpoint, as its file stores it. Shapes follow PyTorch (Hugging Face) order: a linear
 * layer's weight is {@code [out, in]}, rows are contiguous, and a block type's blocks run along a row (GGUF lists the
 * same dimensions in reverse; the reader turns them round).
 *
 * @param name the canonical (Hugging Face) name, see {@link TensorNames}
 * @param shape dimensions, outermost first
 * @param type the element or block layout of {@code data}
 * @param data little-endian bytes, positioned at the first element (often a slice of a memory-mapped file)
 */
public record Tensor(String name, long[] shape, TensorType type, ByteBuffer data) {

    public Tensor {
        shape = shape.clone();
        long expected = type.bytesFor(elements(shape));
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(name + ": " + Arrays.toString(shape) + " as " + type + " takes "
                    + expected + " bytes, the file holds " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elements() {
        return elements(shape);
    }

    /** Size of the last dimension (the length of one row). */
    public int columns() {
        return Math.toIntExact(shape[shape.length - 1]);
    }

    /** Number of rows: every dimension but the last, multiplied. */
    public int rows() {
        return Math.toIntExact(elements() / columns());
    }

    /** A fresh little-endian view of the bytes, position 0. */
    public ByteBuffer bytes() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** All elements as float, dequantized where the type is a block type. */
    public float[] toFloats() {
        return Dequantizer.toFloats(type, bytes(), Math.toIntExact(elements()));
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor dimensions must be positive: " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
