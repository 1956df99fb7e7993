package app.porter.inference;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The KV cache of a batch of sequences as ONNX Runtime tensors, one key and one value tensor per layer shaped
 * {@code [batch, kvHeads, capacity, headDim]}. Sequences of different lengths share a batch by left padding:
 * row {@code b} holds its {@code lengths[b]} real tokens at the right end and zeros before them, which the
 * attention mask hides.
 *
 * <p>A cache made from a run's outputs is passed straight back as the next run's past: while a batch keeps its
 * members, nothing is copied on the Java side (the same as a bare ONNX Runtime loop). Only when members join or
 * leave is the batch copied out row by row and packed anew.
 */
final class KvCache implements AutoCloseable {

    final OnnxTensor[] keys;
    final OnnxTensor[] values;
    final int[] lengths;
    final int capacity;
    private final AutoCloseable owner; // the run result the tensors belong to, or null when we made them

    private KvCache(OnnxTensor[] keys, OnnxTensor[] values, int[] lengths, int capacity, AutoCloseable owner) {
        this.keys = keys;
        this.values = values;
        this.lengths = lengths;
        this.capacity = capacity;
        this.owner = owner;
    }

    int batch() {
        return lengths.length;
    }

    int padding(int row) {
        return capacity - lengths[row];
    }

    /** Wraps a run's present outputs; closing the cache closes the result. */
    static KvCache fromResult(OrtSession.Result result, DecoderSignature signature, int[] lengths, int capacity) {
        int layers = signature.layers();
        OnnxTensor[] k = new OnnxTensor[layers];
        OnnxTensor[] v = new OnnxTensor[layers];
        for (int layer = 0; layer < layers; layer++) {
            k[layer] = (OnnxTensor) result.get(signature.presentKeys().get(layer)).orElseThrow();
            v[layer] = (OnnxTensor) result.get(signature.presentValues().get(layer)).orElseThrow();
        }
        return new KvCache(k, v, lengths, capacity, result);
    }

    /** An empty cache (capacity 0) for {@code batch} sequences: what the first run of a prompt gets as past. */
    static KvCache empty(DecoderSignature signature, int batch) throws OrtException {
        return pack(signature, List.of(), batch);
    }

    /** Packs rows into one left-padded batch; {@code emptyRows} empty rows (length 0) follow them. */
    static KvCache pack(DecoderSignature signature, List<KvRow> rows, int emptyRows) throws OrtException {
        int batch = rows.size() + emptyRows;
        int capacity = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int heads = signature.kvHeads();
        int headBytes = signature.headDim() * signature.kvElementBytes();
        int layers = signature.layers();
        long[] shape = {batch, heads, capacity, signature.headDim()};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OnnxTensor[] k = new OnnxTensor[layers];
        OnnxTensor[] v = new OnnxTensor[layers];
        try {
            for (int layer = 0; layer < layers; layer++) {
                ByteBuffer keyBlock = KvRow.allocate((long) batch * heads * capacity * headBytes);
                ByteBuffer valueBlock = KvRow.allocate((long) batch * heads * capacity * headBytes);
                for (int b = 0; b < rows.size(); b++) {
                    KvRow row = rows.get(b);
                    int pad = capacity - row.length;
                    for (int h = 0; h < heads; h++) {
                        int target = ((b * heads + h) * capacity + pad) * headBytes;
                        int source = h * row.length * headBytes;
                        keyBlock.put(target, row.keys[layer], source, row.length * headBytes);
                        valueBlock.put(target, row.values[layer], source, row.length * headBytes);
                    }
                }
                k[layer] = OnnxTensor.createTensor(env, keyBlock, shape, signature.kvType());
                v[layer] = OnnxTensor.createTensor(env, valueBlock, shape, signature.kvType());
            }
        } catch (OrtException | RuntimeException e) {
            closeAll(k);
            closeAll(v);
            throw e;
        }
        int[] lengths = new int[batch];
        for (int b = 0; b < rows.size(); b++) {
            lengths[b] = rows.get(b).length;
        }
        return new KvCache(k, v, lengths, capacity, null);
    }

    /** Copies rows out of this batch (each tensor is read from native memory once). */
    List<KvRow> rows(DecoderSignature signature) {
        int layers = signature.layers();
        int heads = signature.kvHeads();
        int headBytes = signature.headDim() * signature.kvElementBytes();
        KvRow[] rows = new KvRow[batch()];
        ByteBuffer[][] k = new ByteBuffer[batch()][layers];
        ByteBuffer[][] v = new ByteBuffer[batch()][layers];
        Map<OnnxTensor, ByteBuffer> read = new IdentityHashMap<>();
        for (int layer = 0; layer < layers; layer++) {
            ByteBuffer keyBlock = read.computeIfAbsent(keys[layer], OnnxTensor::getByteBuffer);
            ByteBuffer valueBlock = read.computeIfAbsent(values[layer], OnnxTensor::getByteBuffer);
            for (int b = 0; b < batch(); b++) {
                int length = lengths[b];
                int pad = padding(b);
                k[b][layer] = KvRow.allocate((long) heads * length * headBytes);
                v[b][layer] = KvRow.allocate((long) heads * length * headBytes);
                for (int h = 0; h < heads; h++) {
                    int source = ((b * heads + h) * capacity + pad) * headBytes;
                    k[b][layer].put(h * length * headBytes, keyBlock, source, length * headBytes);
                    v[b][layer].put(h * length * headBytes, valueBlock, source, length * headBytes);
                }
            }
            read.clear(); // one layer at a time: never hold the whole batch twice on the heap
        }
        for (int b = 0; b < batch(); b++) {
            rows[b] = new KvRow(lengths[b], k[b], v[b], heads, headBytes);
        }
        return List.of(rows);
    }

    @Override
    public void close() {
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a KV cache: " + e.getMessage(), e);
            }
        } else {
            closeAll(keys);
            closeAll(values);
        }
    }

    private static void closeAll(OnnxTensor[] tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }
}
