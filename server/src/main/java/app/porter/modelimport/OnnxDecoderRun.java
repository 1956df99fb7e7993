package app.porter.modelimport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import app.porter.inference.DecoderModel;
import app.porter.inference.DecoderSignature;
import app.porter.inference.ModelConfig;
import app.porter.inference.ModelRefusedException;

/**
 * A written model folder's {@code model.onnx} in a real ONNX Runtime session, run one sequence at a time the way
 * the engine runs it: {@code input_ids}, {@code attention_mask}, {@code position_ids} and each layer's
 * {@code past_key_values.N.key|value} in, {@code logits} and {@code present.N.key|value} out, the presents fed back
 * as the next step's past.
 */
final class OnnxDecoderRun implements AutoCloseable {

    private final OrtSession session;
    private final DecoderSignature signature;
    private final boolean logitsFloat16;

    private OnnxDecoderRun(OrtSession session, DecoderSignature signature, boolean logitsFloat16) {
        this.session = session;
        this.signature = signature;
        this.logitsFloat16 = logitsFloat16;
    }

    /**
     * Opens {@code folder/model.onnx} with the engine's session options and checks its signature against the
     * checkpoint's shape (layers, key/value heads, head size, vocabulary).
     */
    static OnnxDecoderRun open(Path folder, DecoderShape shape, int threads) throws IOException {
        Path onnx = folder.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new IOException("the written folder has no model.onnx");
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions options = DecoderModel.sessionOptions(threads)) {
            // From the path: ONNX Runtime then finds the external weights file beside it.
            session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
            ModelConfig expected = new ModelConfig(shape.architecture(), shape.layers(), shape.kvHeads(),
                    shape.headDim(), shape.vocabSize(), Math.max(16, shape.maxPositions()), shape.bosTokenId(),
                    Set.of(), Optional.empty(), "", "");
            DecoderSignature signature = DecoderSignature.discover(session.getInputInfo(), session.getOutputInfo(),
                    session.getMetadata().getCustomMetadata(),
                    expected);
            if (signature.kvHeads() != shape.kvHeads() || signature.headDim() != shape.headDim()
                    || signature.vocabSize() != shape.vocabSize()) {
                throw new ModelRefusedException("the graph's cache is " + signature.kvHeads() + " heads of "
                        + signature.headDim() + " with " + signature.vocabSize() + " logits; the checkpoint has "
                        + shape.kvHeads() + " of " + shape.headDim() + " with " + shape.vocabSize());
            }
            TensorInfo logits = (TensorInfo) session.getOutputInfo().get(DecoderSignature.LOGITS).getInfo();
            return new OnnxDecoderRun(session, signature, logits.type == OnnxJavaType.FLOAT16);
        } catch (OrtException | ModelRefusedException e) {
            close(session);
            throw new IOException("ONNX Runtime cannot run the written model.onnx: " + e.getMessage(), e);
        }
    }

    /** A new sequence with an empty cache. */
    Sequence start() {
        return new Sequence();
    }

    /** One sequence's steps; holds the last run's result (its presents are the next past) until closed. */
    final class Sequence implements AutoCloseable {
        private OrtSession.Result last;
        private int length;

        /**
         * Feeds {@code tokens} after the sequence so far; returns the logits the graph gives for them: one row per
         * token, or fewer (the last ones) when the graph only returns the final positions.
         */
        float[][] forward(int[] tokens) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            int seq = tokens.length;
            long[] ids = new long[seq];
            long[] positions = new long[seq];
            long[] mask = new long[length + seq];
            java.util.Arrays.fill(mask, 1);
            for (int s = 0; s < seq; s++) {
                ids[s] = tokens[s];
                positions[s] = length + s;
            }
            Map<String, OnnxTensor> owned = new HashMap<>();
            try {
                owned.put(DecoderSignature.INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids),
                        new long[]{1, seq}));
                if (signature.hasAttentionMask()) {
                    owned.put(DecoderSignature.ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask),
                            new long[]{1, mask.length}));
                }
                if (signature.hasPositionIds()) {
                    owned.put(DecoderSignature.POSITION_IDS, OnnxTensor.createTensor(env,
                            LongBuffer.wrap(positions), new long[]{1, seq}));
                }
                if (signature.hasUseCacheBranch()) {
                    owned.put(DecoderSignature.USE_CACHE_BRANCH, OnnxTensor.createTensor(env,
                            new boolean[]{length > 0}));
                }
                Map<String, OnnxTensor> inputs = new HashMap<>(owned);
                for (int l = 0; l < signature.layers(); l++) {
                    inputs.put(signature.pastKeys().get(l), past(l, true, owned));
                    inputs.put(signature.pastValues().get(l), past(l, false, owned));
                }
                OrtSession.Result result = session.run(inputs);
                if (last != null) {
                    last.close();
                }
                last = result;
                length += seq;
                return logits((OnnxTensor) result.get(DecoderSignature.LOGITS).orElseThrow(), seq);
            } finally {
                owned.values().forEach(OnnxTensor::close);
            }
        }

        private OnnxTensor past(int layer, boolean key, Map<String, OnnxTensor> owned) throws OrtException {
            String present = key ? signature.presentKeys().get(layer) : signature.presentValues().get(layer);
            if (last != null) {
                return (OnnxTensor) last.get(present).orElseThrow();
            }
            // The first step's past is empty: [1, kvHeads, 0, headDim].
            OnnxTensor empty = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                    ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()),
                    new long[]{1, signature.kvHeads(), 0, signature.headDim()}, signature.kvType());
            owned.put(present + "#past", empty);
            return empty;
        }

        private float[][] logits(OnnxTensor tensor, int seq) {
            int vocab = signature.vocabSize();
            long[] shape = tensor.getInfo().getShape();
            int rows = (int) Math.min(seq, tensor.getInfo().getNumElements() / vocab);
            if (shape[shape.length - 1] != vocab) {
                throw new IllegalStateException("the graph returned logits shaped " + java.util.Arrays.toString(shape));
            }
            float[][] out = new float[rows][vocab];
            int skip = (int) (tensor.getInfo().getNumElements() / vocab) - rows;
            if (logitsFloat16) {
                ShortBuffer halves = tensor.getShortBuffer();
                for (int r = 0; r < rows; r++) {
                    for (int v = 0; v < vocab; v++) {
                        out[r][v] = Float.float16ToFloat(halves.get((skip + r) * vocab + v));
                    }
                }
            } else {
                FloatBuffer floats = tensor.getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    floats.get((skip + r) * vocab, out[r]);
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (last != null) {
                last.close();
                last = null;
            }
        }
    }

    @Override
    public void close() {
        close(session);
    }

    private static void close(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // closing: nothing to do about it
            }
        }
    }
}
