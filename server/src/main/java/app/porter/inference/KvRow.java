package app.porter.inference;

/**
 * One sequence's KV cache kept outside any batch: what the prefix cache holds. For each layer, keys and values
 * laid out {@code [kvHeads, length, headDim]} in native memory of its own, in the model's cache type. Zeroed when
 * released: it is conversation-derived.
 */
final class KvRow {

    final int length;
    private final KvMemory.Block block;
    private final int headStride; // bytes of one head's tokens

    private KvRow(int length, KvMemory.Block block, int headStride) {
        this.length = length;
        this.block = block;
        this.headStride = headStride;
    }

    /** Copies a row out of a batch, native memory to native memory. */
    static KvRow copyOf(KvCache.Row row, DecoderSignature signature) {
        int headStride = row.length() * KvCache.headBytes(signature);
        KvMemory.Block block = new KvMemory.Block(signature.layers(), (long) signature.kvHeads() * headStride);
        for (int layer = 0; layer < signature.layers(); layer++) {
            for (int h = 0; h < signature.kvHeads(); h++) {
                int source = row.base() + h * row.headStride();
                block.keys[layer].put(h * headStride, row.keys()[layer], source, headStride);
                block.values[layer].put(h * headStride, row.values()[layer], source, headStride);
            }
        }
        return new KvRow(row.length(), block, headStride);
    }

    /** The kept tokens where they are (no copy), for packing into a batch. */
    KvCache.Row asRow() {
        return new KvCache.Row(null, 0, block.keys, block.values, 0, headStride, length);
    }

    long bytes() {
        return 2L * block.bytes * block.keys.length;
    }

    /** Zeroes and frees the memory. */
    void release() {
        block.release();
    }
}
