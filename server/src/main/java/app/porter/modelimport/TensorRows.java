package app.porter.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Row-wise surgery the readers need on a stored tensor, without dequantizing it: a row of any type is a whole number
 * of blocks (blocks run along a row), so cutting or reordering rows keeps a quantized weight exact.
 */
final class TensorRows {

    private TensorRows() {
    }

    /** Rows {@code from .. from + count} of the outermost dimension, as a view of the same bytes. */
    static Tensor slice(Tensor tensor, String name, long from, long count) {
        long[] shape = tensor.shape();
        long rowBytes = rowBytes(tensor);
        if (from < 0 || count <= 0 || from + count > shape[0]) {
            throw new IllegalArgumentException(tensor.name() + " has " + shape[0] + " rows; cannot take "
                    + count + " from " + from);
        }
        shape[0] = count;
        ByteBuffer bytes = tensor.bytes().slice(Math.toIntExact(from * rowBytes), Math.toIntExact(count * rowBytes));
        return new Tensor(name, shape, tensor.type(), bytes);
    }

    /**
     * Undoes llama.cpp's {@code permute} of Q and K rows (its converter turns Hugging Face's rotate-half rotary
     * layout into ggml's interleaved pairs): within each head of {@code d} rows, stored row {@code 2i + half} is
     * Hugging Face row {@code half * d/2 + i}. A copy, the size of this one tensor.
     */
    static Tensor unpermuteRotary(Tensor tensor, int heads) {
        long[] shape = tensor.shape();
        int rowBytes = Math.toIntExact(rowBytes(tensor));
        int rows = Math.toIntExact(shape[0]);
        if (rows % heads != 0 || (rows / heads) % 2 != 0) {
            throw new IllegalArgumentException(tensor.name() + ": " + rows + " rows are not " + heads
                    + " heads of an even size");
        }
        int headRows = rows / heads;
        int half = headRows / 2;
        ByteBuffer from = tensor.bytes();
        ByteBuffer to = ByteBuffer.allocate(from.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int part = 0; part < 2; part++) {
                    int stored = h * headRows + 2 * i + part;
                    int hf = h * headRows + part * half + i;
                    to.put(hf * rowBytes, from, stored * rowBytes, rowBytes);
                }
            }
        }
        return new Tensor(tensor.name(), shape, tensor.type(), to);
    }

    private static long rowBytes(Tensor tensor) {
        long[] shape = tensor.shape();
        return tensor.type().bytesFor(tensor.elements() / shape[0]);
    }
}
