package app.porter.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A BERT-family encoder ({@link EmbeddingModel}) run with ONNX Runtime and a Hugging Face tokenizer through DJL:
 * prefix, tokens, {@code last_hidden_state}, mean or CLS pooling, L2 normalisation.
 *
 * <p><b>One text per run, never a batch.</b> Batching is not neutral for these int8 models: their activations are
 * quantised by DynamicQuantizeLinear with one scale per tensor, so batch-mates shift each other's vectors even at
 * equal lengths without padding (measured on all-MiniLM-L6-v2-q: cosine 0.993 on average, 0.984 at worst). One at a
 * time, a text gets the same vector whatever it is indexed beside.
 *
 * <p><b>Two sessions.</b> Questions run on a session with every core as intra-op threads: one short text, the
 * tenant waiting. Passages run on a single-threaded session, one text per worker thread, a worker per core: small
 * matrices parallelise poorly inside one run, so independent runs side by side embed about twice as fast on two
 * cores, with the same vector for the same text (OnnxEmbedderTest checks). A passage run starts only when no
 * question is being embedded, so indexing a large upload delays a tenant by at most the run already under way; the
 * workers run at a lower CPU priority ({@link BackgroundPriority}), so that run yields the core to the question.
 *
 * <p>Thread-safe; callers may embed from many threads at once.
 */
public final class OnnxEmbedder implements Embedder {

    /** The model Porter ships for intents and emergencies: all-MiniLM-L6-v2, int8, from langchain4j's jar. */
    public static final String BUNDLED_MODEL = EmbeddingModel.MINILM_L6_V2_Q.name();

    private final EmbeddingModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession querySession;
    private final OrtSession passageSession;
    private final ExecutorService passageWorkers;
    private final int workers;
    private final boolean wantsTokenTypes;
    private final int dimensions;
    /** Questions being embedded now; passage runs wait while there are any. */
    private final Object foregroundTurn = new Object();
    private int foreground;
    /** Runs hold it for reading, close() for writing: see {@link #run}. */
    private final ReentrantReadWriteLock usage = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxEmbedder(EmbeddingModel model, HuggingFaceTokenizer tokenizer, OrtSession querySession,
                         OrtSession passageSession, int workers, int dimensions) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.querySession = querySession;
        this.passageSession = passageSession;
        this.workers = workers;
        this.passageWorkers = Executors.newFixedThreadPool(workers, BackgroundPriority.threads("porter-embed-"));
        this.wantsTokenTypes = querySession.getInputNames().contains("token_type_ids");
        this.dimensions = dimensions;
    }

    /** Loads the bundled all-MiniLM-L6-v2 (quantized) from the class path. */
    public static OnnxEmbedder bundled(int threads) {
        return load(EmbeddingModel.MINILM_L6_V2_Q, threads);
    }

    /**
     * Loads {@code model} from the class path ({@code <name>.onnx}, {@code <name>-tokenizer.json}).
     *
     * @param threads cores to use: intra-op threads for questions, parallel runs for passages; at least 1
     */
    public static OnnxEmbedder load(EmbeddingModel model, int threads) {
        try (InputStream onnx = resource("/" + model.name() + ".onnx");
             InputStream tokenizer = resource("/" + model.name() + "-tokenizer.json")) {
            return load(model, onnx.readAllBytes(), tokenizer, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model " + model.name(), e);
        }
    }

    /** Loads {@code model} from its ONNX bytes and its {@code tokenizer.json}. */
    public static OnnxEmbedder load(EmbeddingModel model, byte[] onnxModel, InputStream tokenizerJson, int threads)
            throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("maxLength", Integer.toString(model.maxTokens()));
        options.put("truncation", "true");
        options.put("padding", "false");
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        OrtSession queries = null;
        OrtSession passages = null;
        int cores = Math.max(1, threads);
        try (OrtSession.SessionOptions queryOptions = DecoderModel.sessionOptions(cores);
             OrtSession.SessionOptions passageOptions = DecoderModel.sessionOptions(1)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            queries = env.createSession(onnxModel, queryOptions);
            passages = env.createSession(onnxModel, passageOptions);
            // last_hidden_state is [batch, tokens, hidden]; hidden is the vector length.
            TensorInfo hidden = (TensorInfo) queries.getOutputInfo().values().iterator().next().getInfo();
            return new OnnxEmbedder(model, tokenizer, queries, passages, cores, (int) hidden.getShape()[2]);
        } catch (OrtException | RuntimeException e) {
            DecoderModel.closeQuietly(queries);
            DecoderModel.closeQuietly(passages);
            tokenizer.close();
            throw new IOException("cannot load embedding model " + model.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String modelName() {
        return model.name();
    }

    public EmbeddingModel model() {
        return model;
    }

    /** Questions, one after the other on the all-cores session, ahead of any passage waiting to run. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        synchronized (foregroundTurn) {
            foreground++;
        }
        try {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (String text : texts) {
                vectors.add(run(querySession, model.queryPrefix() + text));
            }
            return vectors;
        } finally {
            synchronized (foregroundTurn) {
                foreground--;
                foregroundTurn.notifyAll();
            }
        }
    }

    /** Passages, one per run, on a worker per core; each run waits for questions in flight to finish first. */
    @Override
    public List<float[]> embedPassages(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < vectors.length; i = next.getAndIncrement()) {
                awaitNoQuestion();
                vectors[i] = run(passageSession, model.passagePrefix() + texts.get(i));
            }
        };
        int parallel = Math.min(workers, texts.size());
        List<Future<?>> running = new ArrayList<>(parallel);
        for (int w = 1; w < parallel; w++) {
            running.add(passageWorkers.submit(work));
        }
        work.run(); // the calling thread takes a share too
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return Arrays.asList(vectors);
    }

    private void awaitNoQuestion() {
        synchronized (foregroundTurn) {
            while (foreground > 0) {
                try {
                    foregroundTurn.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while embedding", e);
                }
            }
        }
    }

    private float[] run(OrtSession session, String text) {
        // Read-locked against close(): a run still going when the appliance stops must fail in Java, never run on
        // a freed native session (ONNX Runtime then crashes the whole JVM with SIGSEGV, seen under load).
        usage.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedder is closed");
            }
            return runOpen(session, text);
        } finally {
            usage.readLock().unlock();
        }
    }

    private float[] runOpen(OrtSession session, String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] shape = {1, ids.length};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return normalised(model.pooling() == EmbeddingModel.Pooling.CLS ? hidden[0][0].clone()
                        : meanPool(hidden[0], mask));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPool(float[][] tokens, long[] mask) {
        int dims = tokens[0].length;
        float[] sum = new float[dims];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < dims; d++) {
                sum[d] += tokens[t][d];
            }
        }
        for (int d = 0; d < dims; d++) {
            sum[d] /= Math.max(1, count);
        }
        return sum;
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= scale;
        }
        return v;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing " + name + " on the class path (taken from langchain4j's model jars"
                    + " at build time, see server/pom.xml)");
        }
        return in;
    }

    @Override
    public void close() {
        passageWorkers.shutdownNow();
        usage.writeLock().lock(); // waits for the runs in flight
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                querySession.close();
                passageSession.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            } finally {
                tokenizer.close();
            }
        } finally {
            usage.writeLock().unlock();
        }
    }
}
