package app.porter.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One sequence's KV cache, taken out of a batch: for each layer, keys and values laid out {@code [kvHeads, length,
 * headDim]} in direct buffers in the model's cache type. Rows are what the engine moves between batches and what
 * the prefix cache keeps.
 */
final class KvRow {

    final int length;
    final ByteBuffer[] keys;
    final ByteBuffer[] values;
    private final int kvHeads;
    private final int headBytes; // bytes of one token in one head: headDim * element size

    KvRow(int length, ByteBuffer[] keys, ByteBuffer[] values, int kvHeads, int headBytes) {
        this.length = length;
        this.keys = keys;
        this.values = values;
        this.kvHeads = kvHeads;
        this.headBytes = headBytes;
    }

    static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("a KV cache block of " + bytes + " bytes is too large");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    long bytes() {
        long perLayer = (long) kvHeads * length * headBytes;
        return 2 * perLayer * keys.length;
    }

    /** The first {@code n} tokens of this row, copied. */
    KvRow prefix(int n) {
        if (n == length) {
            return this;
        }
        if (n > length || n < 0) {
            throw new IllegalArgumentException("prefix " + n + " of a row of " + length);
        }
        ByteBuffer[] k = new ByteBuffer[keys.length];
        ByteBuffer[] v = new ByteBuffer[values.length];
        for (int layer = 0; layer < keys.length; layer++) {
            k[layer] = copyPrefix(keys[layer], n);
            v[layer] = copyPrefix(values[layer], n);
        }
        return new KvRow(n, k, v, kvHeads, headBytes);
    }

    private ByteBuffer copyPrefix(ByteBuffer source, int n) {
        ByteBuffer target = allocate((long) kvHeads * n * headBytes);
        for (int h = 0; h < kvHeads; h++) {
            target.put(h * n * headBytes, source, h * length * headBytes, n * headBytes);
        }
        return target;
    }
}
