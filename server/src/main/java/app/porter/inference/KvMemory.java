package app.porter.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory KV caches live in, recycled: ONNX Runtime reads a step's past from one block and writes its
 * present into another, and the block the past was in serves as the next step's output. A decoding batch thus
 * alternates between two blocks instead of allocating (and zeroing) its whole cache every token.
 *
 * <p>Blocks are allocated with a quarter of headroom, so a batch that grows by one token per step needs a bigger
 * block only every so often. The memory is conversation-derived: a block is zeroed before it is freed, and
 * {@link #trim()} (called when the engine goes idle) zeroes and frees every block nobody holds.
 *
 * <p>Not thread-safe: one scheduler thread (or one test) uses a memory.
 */
final class KvMemory implements AutoCloseable {

    /** One cache's memory: a key and a value direct buffer per layer, each {@link #bytes} long. */
    static final class Block {
        final ByteBuffer[] keys;
        final ByteBuffer[] values;
        final int bytes;

        Block(int layers, long bytes) {
            if (bytes > Integer.MAX_VALUE) {
                // ONNX Runtime's Java API takes a tensor's memory as a ByteBuffer, which ints index
                throw new IllegalStateException("a KV cache tensor of " + bytes + " bytes is too large");
            }
            this.bytes = (int) bytes;
            this.keys = new ByteBuffer[layers];
            this.values = new ByteBuffer[layers];
            for (int layer = 0; layer < layers; layer++) {
                keys[layer] = ByteBuffer.allocateDirect(this.bytes).order(ByteOrder.nativeOrder());
                values[layer] = ByteBuffer.allocateDirect(this.bytes).order(ByteOrder.nativeOrder());
            }
        }

        /** Zeroes the memory (the garbage collector frees it); the block must not be used again. */
        void release() {
            for (int layer = 0; layer < keys.length; layer++) {
                zero(keys[layer], 0, bytes);
                zero(values[layer], 0, bytes);
                keys[layer] = null;
                values[layer] = null;
            }
        }
    }

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16);

    /** Zeroes {@code length} bytes of a direct buffer from {@code offset} (bulk puts: a native memset). */
    static void zero(ByteBuffer buffer, int offset, int length) {
        for (int done = 0; done < length; done += ZEROS.capacity()) {
            buffer.put(offset + done, ZEROS, 0, Math.min(ZEROS.capacity(), length - done));
        }
    }

    private final int layers;
    private final int keepFree;
    private final List<Block> free = new ArrayList<>();
    private long allocations;

    /**
     * @param layers decoder layers (a block holds all of them)
     * @param keepFree blocks kept for reuse once given back; 0 frees each block as soon as it is given back
     */
    KvMemory(int layers, int keepFree) {
        this.layers = layers;
        this.keepFree = keepFree;
    }

    /** A block whose segments hold at least {@code bytes}: a free one if one fits, else a new one. */
    Block take(long bytes) {
        if (bytes == 0) {
            return new Block(layers, 0); // an empty past: never worth a pooled block
        }
        Block best = null;
        for (Block block : free) {
            if (block.bytes >= bytes && (best == null || block.bytes < best.bytes)) {
                best = block;
            }
        }
        if (best != null) {
            free.remove(best);
            return best;
        }
        // The batch outgrew the free blocks: they would only linger, holding old conversations' KV.
        free.removeIf(block -> {
            block.release();
            return true;
        });
        long headroom = Math.min(Integer.MAX_VALUE, (bytes + bytes / 4 + 4095) & ~4095L);
        allocations++;
        return new Block(layers, Math.max(bytes, headroom));
    }

    /** Hands a block back; its contents are kept until it is reused or trimmed. */
    void give(Block block) {
        if (keepFree == 0 || block.bytes == 0) {
            block.release();
            return;
        }
        free.add(block);
        while (free.size() > keepFree) {
            Block smallest = free.getFirst();
            for (Block b : free) {
                if (b.bytes < smallest.bytes) {
                    smallest = b;
                }
            }
            free.remove(smallest);
            smallest.release();
        }
    }

    /** Zeroes and frees every block nobody holds. */
    void trim() {
        free.forEach(Block::release);
        free.clear();
    }

    /** Blocks allocated so far (tests, the benchmark: reuse shows as few allocations). */
    long allocations() {
        return allocations;
    }

    /** Bytes held in free blocks (tests). */
    long freeBytes() {
        return free.stream().mapToLong(b -> 2L * b.bytes * layers).sum();
    }

    @Override
    public void close() {
        trim();
    }
}
