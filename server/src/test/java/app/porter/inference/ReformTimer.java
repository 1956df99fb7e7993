package app.porter.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;

/**
 * Times what the engine does to the KV cache when streams join or leave a batch and on a prefix-cache hit, against
 * the way it was done before (every row copied out through a Java heap buffer and packed anew; a prefix hit copied
 * into a row of its own and then packed), in the same run, for the benchmark.
 */
public final class ReformTimer {

    /** Median milliseconds of one operation, now and the old way. */
    public record Timing(String operation, double nowMillis, double beforeMillis) {
    }

    private ReformTimer() {
    }

    /** Join (one row into seven), leave (one of eight, from the middle) and a prefix hit, {@code cached} tokens. */
    public static List<Timing> time(DecoderModel model, int cached) throws Exception {
        DecoderSignature s = model.signature();
        List<Timing> out = new ArrayList<>();
        try (KvMemory memory = new KvMemory(s.layers(), 8)) {
            KvCache[] rows = new KvCache[8];
            for (int b = 0; b < rows.length; b++) {
                try (KvCache empty = KvCache.empty(memory, s, 1)) {
                    rows[b] = model.run(new int[][]{tokens(cached - b, b)}, empty).cache();
                }
            }
            double[] join = new double[2];
            double[] leave = new double[2];
            double[] prefix = new double[2];
            for (int way = 0; way < 2; way++) {
                boolean now = way == 0;
                join[way] = median(() -> {
                    KvCache seven = KvCache.pack(memory, s, rowsOf(rows, 7));
                    long t0 = System.nanoTime();
                    List<KvCache.Row> sources = new ArrayList<>();
                    for (int b = 0; b < 7; b++) {
                        sources.add(seven.row(b));
                    }
                    sources.add(rows[7].row(0));
                    KvCache joined = now ? seven.reform(sources) : before(seven, List.of(rows[7]), -1);
                    long t = System.nanoTime() - t0;
                    joined.close();
                    seven.close();
                    return t;
                });
                leave[way] = median(() -> {
                    KvCache eight = KvCache.pack(memory, s, rowsOf(rows, 8));
                    long t0 = System.nanoTime();
                    List<KvCache.Row> sources = new ArrayList<>();
                    for (int b = 0; b < 7; b++) {
                        sources.add(eight.row(b == 3 ? 7 : b)); // row 3 leaves, the last takes its place
                    }
                    KvCache left = now ? eight.reform(sources) : before(eight, List.of(), 3);
                    long t = System.nanoTime() - t0;
                    left.close();
                    eight.close();
                    return t;
                });
                KvRow kept = KvRow.copyOf(rows[0].row(0), s);
                prefix[way] = median(() -> {
                    long t0 = System.nanoTime();
                    KvCache start = now ? KvCache.pack(memory, s, List.of(kept.asRow().first(cached - 8)))
                            : beforePrefix(kept, s, cached - 8);
                    long t = System.nanoTime() - t0;
                    start.close();
                    return t;
                });
                kept.release();
            }
            out.add(new Timing("a stream joins 7 (" + cached + " cached tokens each)", join[0], join[1]));
            out.add(new Timing("1 of 8 streams leaves from the middle", leave[0], leave[1]));
            out.add(new Timing("prefix-cache hit of " + (cached - 8) + " tokens", prefix[0], prefix[1]));
            for (KvCache row : rows) {
                row.close();
            }
        }
        return out;
    }

    private interface Timed {
        long nanos() throws Exception;
    }

    private static double median(Timed timed) throws Exception {
        double[] ms = new double[9];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = timed.nanos() / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static List<KvCache.Row> rowsOf(KvCache[] rows, int n) {
        List<KvCache.Row> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            out.add(rows[b].row(0));
        }
        return out;
    }

    /**
     * The old re-form: each layer's tensor copied whole to a heap buffer (OnnxTensor.getByteBuffer), every
     * remaining row copied out of it into a buffer of its own, then all rows packed into new buffers.
     */
    private static KvCache before(KvCache batch, List<KvCache> joiners, int leaving) throws Exception {
        DecoderSignature s = batch.signature();
        List<ByteBuffer[][]> rows = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int b = 0; b < batch.batch(); b++) {
            if (b != leaving) {
                rows.add(copyOut(batch, b));
                lengths.add(batch.lengths[b]);
            }
        }
        for (KvCache joiner : joiners) {
            rows.add(copyOut(joiner, 0));
            lengths.add(joiner.lengths[0]);
        }
        return packOld(s, rows, lengths);
    }

    /** The old prefix hit: the first tokens copied into a row of their own, then packed. */
    private static KvCache beforePrefix(KvRow kept, DecoderSignature s, int n) throws Exception {
        KvCache.Row row = kept.asRow();
        int headBytes = KvCache.headBytes(s);
        ByteBuffer[][] kv = new ByteBuffer[2][s.layers()];
        for (int layer = 0; layer < s.layers(); layer++) {
            kv[0][layer] = direct(s.kvHeads() * n * headBytes);
            kv[1][layer] = direct(s.kvHeads() * n * headBytes);
            for (int h = 0; h < s.kvHeads(); h++) {
                kv[0][layer].put(h * n * headBytes, row.keys()[layer], h * row.headStride(), n * headBytes);
                kv[1][layer].put(h * n * headBytes, row.values()[layer], h * row.headStride(), n * headBytes);
            }
        }
        return packOld(s, List.<ByteBuffer[][]>of(kv), List.of(n));
    }

    private static ByteBuffer[][] copyOut(KvCache batch, int b) {
        DecoderSignature s = batch.signature();
        int headBytes = KvCache.headBytes(s);
        int length = batch.lengths[b];
        ByteBuffer[][] kv = new ByteBuffer[2][s.layers()];
        for (int layer = 0; layer < s.layers(); layer++) {
            OnnxTensor[] tensors = {batch.keys[layer], batch.values[layer]};
            for (int t = 0; t < 2; t++) {
                ByteBuffer heap = tensors[t].getByteBuffer(); // a copy of the whole tensor on the Java heap
                kv[t][layer] = direct(s.kvHeads() * length * headBytes);
                for (int h = 0; h < s.kvHeads(); h++) {
                    int source = ((b * s.kvHeads() + h) * batch.capacity + batch.padding(b)) * headBytes;
                    kv[t][layer].put(h * length * headBytes, heap, source, length * headBytes);
                }
            }
        }
        return kv;
    }

    private static KvCache packOld(DecoderSignature s, List<ByteBuffer[][]> rows, List<Integer> lengths)
            throws Exception {
        int capacity = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
        int headBytes = KvCache.headBytes(s);
        int[] lengthArray = lengths.stream().mapToInt(Integer::intValue).toArray();
        long[] shape = {rows.size(), s.kvHeads(), capacity, s.headDim()};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // built the old way, then held as tensors over fresh direct buffers; closed by the caller at once
        List<OnnxTensor> made = new ArrayList<>();
        for (int layer = 0; layer < s.layers(); layer++) {
            for (int t = 0; t < 2; t++) {
                ByteBuffer block = direct(rows.size() * s.kvHeads() * capacity * headBytes);
                for (int b = 0; b < rows.size(); b++) {
                    int length = lengthArray[b];
                    for (int h = 0; h < s.kvHeads(); h++) {
                        block.put(((b * s.kvHeads() + h) * capacity + capacity - length) * headBytes,
                                rows.get(b)[t][layer], h * length * headBytes, length * headBytes);
                    }
                }
                made.add(OnnxTensor.createTensor(env, block, shape, s.kvType()));
            }
        }
        made.forEach(OnnxTensor::close);
        // the timing above is the old work; hand back an empty cache so callers close something uniform
        return KvCache.empty(s, 0);
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    private static int[] tokens(int n, long seed) {
        return TinyLlama.randomIds(n, 303, seed);
    }
}
