package app.porter.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The KV cache of a batch of sequences, one key and one value tensor per layer shaped {@code [batch, kvHeads,
 * capacity, headDim]}, in native memory that Porter owns ({@link KvMemory}) and ONNX Runtime reads and writes in
 * place. Sequences of different lengths share a batch by left padding: row {@code b} holds its {@code lengths[b]}
 * real tokens at the right end and zeros before them, which the attention mask hides.
 *
 * <p>A step's present outputs are written by ONNX Runtime straight into a cache's memory ({@link DecoderModel#run}
 * pins them), and that cache is the next step's past: nothing is copied on the Java side while a batch keeps its
 * members. When members join or leave, {@link #reform} moves only the rows that change, native memory to native
 * memory; a row is never copied through a Java array.
 */
final class KvCache implements AutoCloseable {

    /**
     * Where a row's tokens are: layer {@code l}'s keys of head {@code h} are {@code length} tokens from byte
     * {@code base + h * headStride} of {@code keys[l]} (the same for values). A row of a batch, or a kept prompt.
     *
     * @param cache the batch the row is in, or null when it is not in a batch (a prefix-cache entry)
     */
    record Row(KvCache cache, int index, ByteBuffer[] keys, ByteBuffer[] values, int base, int headStride,
               int length) {
        /** The first {@code n} tokens of this row. */
        Row first(int n) {
            if (n > length || n < 0) {
                throw new IllegalArgumentException("the first " + n + " tokens of a row of " + length);
            }
            return new Row(cache, index, keys, values, base, headStride, n);
        }
    }

    /** Capacity beyond the longest row that a re-form may keep to move fewer rows: masked, cheap to attend over. */
    static final int PADDING_SLACK = 64;

    final OnnxTensor[] keys;
    final OnnxTensor[] values;
    final int[] lengths;
    final int capacity;
    private final DecoderSignature signature;
    private final KvMemory memory;
    private KvMemory.Block block; // null once handed back or on to another cache

    private KvCache(DecoderSignature signature, KvMemory memory, KvMemory.Block block, int[] lengths, int capacity)
            throws OrtException {
        this.signature = signature;
        this.memory = memory;
        this.block = block;
        this.lengths = lengths;
        this.capacity = capacity;
        int layers = signature.layers();
        this.keys = new OnnxTensor[layers];
        this.values = new OnnxTensor[layers];
        long[] shape = {lengths.length, signature.kvHeads(), capacity, signature.headDim()};
        int bytes = (int) tensorBytes(signature, lengths.length, capacity);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            for (int layer = 0; layer < layers; layer++) {
                // A direct buffer over our own memory: ONNX Runtime uses it in place, it copies nothing.
                keys[layer] = OnnxTensor.createTensor(env, view(block.keys[layer], bytes), shape, signature.kvType());
                values[layer] = OnnxTensor.createTensor(env, view(block.values[layer], bytes), shape,
                        signature.kvType());
            }
        } catch (OrtException | RuntimeException e) {
            closeTensors();
            throw e;
        }
    }

    private static ByteBuffer view(ByteBuffer memory, int bytes) {
        return memory.slice(0, bytes).order(ByteOrder.nativeOrder());
    }

    /** An empty cache (capacity 0) in memory of its own: for callers that run the model outside an engine. */
    static KvCache empty(DecoderSignature signature, int batch) throws OrtException {
        return empty(new KvMemory(signature.layers(), 0), signature, batch);
    }

    /** An empty cache (capacity 0) for {@code batch} sequences: what the first run of a prompt gets as past. */
    static KvCache empty(KvMemory memory, DecoderSignature signature, int batch) throws OrtException {
        return allocate(memory, signature, new int[batch], 0);
    }

    /** A cache of the given shape whose contents the caller writes (ONNX Runtime, as a run's present). */
    static KvCache allocate(KvMemory memory, DecoderSignature signature, int[] lengths, int capacity)
            throws OrtException {
        KvMemory.Block block = memory.take(tensorBytes(signature, lengths.length, capacity));
        try {
            return new KvCache(signature, memory, block, lengths, capacity);
        } catch (OrtException | RuntimeException e) {
            memory.give(block);
            throw e;
        }
    }

    /** Packs rows into a new left-padded batch in {@code memory}: one copy of each row's tokens. */
    static KvCache pack(KvMemory memory, DecoderSignature signature, List<Row> rows) throws OrtException {
        int capacity = rows.stream().mapToInt(Row::length).max().orElse(0);
        KvCache packed = allocate(memory, signature, rows.stream().mapToInt(Row::length).toArray(), capacity);
        for (int b = 0; b < rows.size(); b++) {
            packed.write(b, rows.get(b));
        }
        return packed;
    }

    int batch() {
        return lengths.length;
    }

    int padding(int row) {
        return capacity - lengths[row];
    }

    KvMemory memory() {
        return memory;
    }

    DecoderSignature signature() {
        return signature;
    }

    /** Row {@code b}'s tokens where they are now (no copy). */
    Row row(int b) {
        int headBytes = headBytes(signature);
        int heads = signature.kvHeads();
        return new Row(this, b, block().keys, block().values, (b * heads * capacity + padding(b)) * headBytes,
                capacity * headBytes, lengths[b]);
    }

    /**
     * The batch of {@code rows}, in that order, built with as few copies as it can: in this cache's own memory
     * when the rows fit its capacity (rows that stay where they are are not touched, rows that move and rows from
     * other caches are copied once), else packed anew. This cache is used up either way; caches the other rows
     * come from are not closed.
     */
    KvCache reform(List<Row> rows) throws OrtException {
        int longest = rows.stream().mapToInt(Row::length).max().orElse(0);
        boolean inPlace = longest <= capacity && capacity - longest <= PADDING_SLACK
                && tensorBytes(signature, rows.size(), capacity) <= block().bytes && !overlaps(rows);
        if (!inPlace) {
            try {
                return pack(memory, signature, rows);
            } finally {
                close();
            }
        }
        KvMemory.Block mine = block();
        int[] newLengths = rows.stream().mapToInt(Row::length).toArray();
        for (int b = 0; b < rows.size(); b++) {
            Row row = rows.get(b);
            if (row.cache() != this || row.index() != b) {
                write(b, row);
            }
        }
        int rowBytes = (int) tensorBytes(signature, 1, capacity);
        for (int layer = 0; layer < signature.layers(); layer++) {
            // rows that left (or moved down): their tokens must not stay behind in memory that is handed on
            int from = rows.size() * rowBytes;
            int to = batch() * rowBytes;
            if (to > from) {
                KvMemory.zero(mine.keys[layer], from, to - from);
                KvMemory.zero(mine.values[layer], from, to - from);
            }
        }
        closeTensors();
        block = null; // handed on to the re-formed cache
        try {
            return new KvCache(signature, memory, mine, newLengths, capacity);
        } catch (OrtException | RuntimeException e) {
            memory.give(mine);
            throw e;
        }
    }

    /** Whether a row of this cache would be read after another row was written over it (rows go in order). */
    private boolean overlaps(List<Row> rows) {
        Set<Integer> written = new HashSet<>();
        for (int b = 0; b < rows.size(); b++) {
            Row row = rows.get(b);
            if (row.cache() != this || row.index() != b) {
                if (row.cache() == this && written.contains(row.index())) {
                    return true;
                }
                written.add(b);
            }
        }
        return false;
    }

    /** Writes a row's tokens into row {@code b} of this cache, right-aligned, zeros before them. */
    private void write(int b, Row row) {
        int headBytes = headBytes(signature);
        int heads = signature.kvHeads();
        int pad = capacity - row.length();
        KvMemory.Block mine = block();
        for (int layer = 0; layer < signature.layers(); layer++) {
            for (int h = 0; h < heads; h++) {
                int target = (b * heads + h) * capacity * headBytes;
                int source = row.base() + h * row.headStride();
                KvMemory.zero(mine.keys[layer], target, pad * headBytes);
                KvMemory.zero(mine.values[layer], target, pad * headBytes);
                mine.keys[layer].put(target + pad * headBytes, row.keys()[layer], source, row.length() * headBytes);
                mine.values[layer].put(target + pad * headBytes, row.values()[layer], source,
                        row.length() * headBytes);
            }
        }
    }

    /** The pinned outputs a run writes this cache's contents through: present name → tensor. */
    Map<String, OnnxTensor> asPresent() {
        Map<String, OnnxTensor> outputs = new HashMap<>();
        for (int layer = 0; layer < signature.layers(); layer++) {
            outputs.put(signature.presentKeys().get(layer), keys[layer]);
            outputs.put(signature.presentValues().get(layer), values[layer]);
        }
        return outputs;
    }

    private KvMemory.Block block() {
        if (block == null) {
            throw new IllegalStateException("this KV cache was closed or handed on");
        }
        return block;
    }

    static int headBytes(DecoderSignature signature) {
        return signature.headDim() * signature.kvElementBytes();
    }

    /** Bytes of one layer's keys (or values) for a batch; {@link KvMemory} refuses more than ints index. */
    static long tensorBytes(DecoderSignature signature, int batch, int capacity) {
        return (long) batch * signature.kvHeads() * capacity * headBytes(signature);
    }

    /** Releases the tensors and hands the memory back; idempotent. */
    @Override
    public void close() {
        closeTensors();
        if (block != null) {
            memory.give(block);
            block = null;
        }
    }

    private void closeTensors() {
        for (int layer = 0; layer < keys.length; layer++) {
            if (keys[layer] != null) {
                keys[layer].close();
                keys[layer] = null;
            }
            if (values[layer] != null) {
                values[layer].close();
                values[layer] = null;
            }
        }
    }
}
