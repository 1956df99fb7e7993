package app.porter.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 * room, headDim]}, in native memory that Porter owns ({@link KvMemory}) and ONNX Runtime reads and writes in
 * place. Sequences of different lengths share a batch by left padding: row {@code b} holds its {@code lengths[b]}
 * real tokens ending at column {@link #capacity} and zeros before them, which the attention mask hides.
 *
 * <p>A step's present outputs are written by ONNX Runtime straight into a cache's memory ({@link DecoderModel#run}
 * pins them), and that cache is the next step's past: nothing is copied on the Java side while a batch keeps its
 * members. When members join or leave, {@link #reform} moves only the rows that change, native memory to native
 * memory; a row is never copied through a Java array.
 *
 * <p>Where the graph writes a step's keys and values into its past in place ({@link
 * DecoderSignature#sharesPastBuffer}: Porter's imported graphs, whose GroupQueryAttention gets the same buffer as
 * past and present), a cache keeps {@link #room} beyond its {@link #capacity}: a step then writes into the columns
 * after the rows and the cache grows in place ({@link #grownInPlace}); only when the room runs out are the rows
 * copied once into a roomier cache ({@link #withRoomFor}). Elsewhere the graph copies the past into a new present
 * every step, and room equals capacity.
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
    /**
     * Room a shared-buffer cache keeps after its capacity, at least: this many tokens, or a quarter of the capacity
     * when that is more, so a conversation's cache is copied into a roomier one a few times over its life, not every
     * step.
     */
    static final int MIN_ROOM = 128;

    final OnnxTensor[] keys;
    final OnnxTensor[] values;
    final int[] lengths;
    /** The batch's width in tokens: each row's tokens end there, left padding before them. */
    final int capacity;
    /** The tensors' length axis: {@link #capacity} plus the columns a shared-buffer step may write into. */
    final int room;
    private final DecoderSignature signature;
    private final KvMemory memory;
    private KvMemory.Block block; // null once handed back or on to another cache

    private KvCache(DecoderSignature signature, KvMemory memory, KvMemory.Block block, int[] lengths, int capacity,
                    int room) throws OrtException {
        this.signature = signature;
        this.memory = memory;
        this.block = block;
        this.lengths = lengths;
        this.capacity = capacity;
        this.room = room;
        int layers = signature.layers();
        this.keys = new OnnxTensor[layers];
        this.values = new OnnxTensor[layers];
        long[] shape = {lengths.length, signature.kvHeads(), room, signature.headDim()};
        int bytes = (int) tensorBytes(signature, lengths.length, room);
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

    /** {@code from}'s memory and tensors, handed on to a cache of the given rows and capacity (same room). */
    private KvCache(KvCache from, int[] lengths, int capacity) {
        this.signature = from.signature;
        this.memory = from.memory;
        this.block = from.block();
        this.lengths = lengths;
        this.capacity = capacity;
        this.room = from.room;
        this.keys = from.keys.clone();
        this.values = from.values.clone();
        Arrays.fill(from.keys, null);
        Arrays.fill(from.values, null);
        from.block = null;
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

    /**
     * A cache of the given shape whose contents the caller writes (ONNX Runtime, as a run's present), with the
     * room the signature wants beyond {@code capacity} ({@link #roomFor}).
     */
    static KvCache allocate(KvMemory memory, DecoderSignature signature, int[] lengths, int capacity)
            throws OrtException {
        return allocate(memory, signature, lengths, capacity, roomFor(signature, capacity));
    }

    private static KvCache allocate(KvMemory memory, DecoderSignature signature, int[] lengths, int capacity,
                                    int room) throws OrtException {
        KvMemory.Block block = memory.take(tensorBytes(signature, lengths.length, room));
        try {
            return new KvCache(signature, memory, block, lengths, capacity, room);
        } catch (OrtException | RuntimeException e) {
            memory.give(block);
            throw e;
        }
    }

    /** The length axis a cache of {@code capacity} tokens gets: room to grow where the graph shares its buffer. */
    static int roomFor(DecoderSignature signature, int capacity) {
        return signature.sharesPastBuffer() ? capacity + Math.max(MIN_ROOM, capacity / 4) : capacity;
    }

    /**
     * A cache that holds this one's rows with room for {@code tokens} more after its capacity (shared-buffer
     * graphs): this cache itself when it has the room, else a roomier copy (one copy of each row, native memory to
     * native memory; this cache is not closed).
     */
    KvCache withRoomFor(int tokens) throws OrtException {
        if (capacity + tokens <= room) {
            return this;
        }
        KvCache roomier = allocate(memory, signature, lengths.clone(), capacity,
                roomFor(signature, capacity + tokens));
        for (int b = 0; b < batch(); b++) {
            roomier.write(b, row(b));
        }
        return roomier;
    }

    /**
     * After a run wrote {@code tokens} more of every row into the room after the capacity (shared-buffer graphs):
     * the grown cache over the same memory and tensors. This cache is handed on (closing it frees nothing).
     */
    KvCache grownInPlace(int tokens) {
        if (capacity + tokens > room) {
            throw new IllegalStateException("no room for " + tokens + " more tokens");
        }
        int[] grown = lengths.clone();
        for (int b = 0; b < grown.length; b++) {
            grown[b] += tokens;
        }
        return new KvCache(this, grown, capacity + tokens);
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
        return new Row(this, b, block().keys, block().values, (b * heads * room + padding(b)) * headBytes,
                room * headBytes, lengths[b]);
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
                && tensorBytes(signature, rows.size(), room) <= block().bytes && !overlaps(rows);
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
        int rowBytes = (int) tensorBytes(signature, 1, room);
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
            return new KvCache(signature, memory, mine, newLengths, capacity, room);
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
                int target = (b * heads + h) * room * headBytes;
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
    static long tensorBytes(DecoderSignature signature, int batch, int columns) {
        return (long) batch * signature.kvHeads() * columns * headBytes(signature);
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
