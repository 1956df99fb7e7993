package app.porter.modelimport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.porter.inference.TinyLlama;

/**
 * The generic TinyLlama ONNX export and the same weights as a {@link Checkpoint}: what the reference and the
 * verifier are checked against. TinyLlama stores linear weights {@code [in, out]} for MatMul; the checkpoint has them
 * in Hugging Face's {@code [out, in]}.
 */
final class TinyLlamaCheckpoint {

    private TinyLlamaCheckpoint() {
    }

    /** The decoder shape TinyLlama builds: Llama, theta 10000, eps 1e-5, tied embeddings. */
    static DecoderShape shape(TinyLlama.Spec spec) {
        return new DecoderShape("llama", spec.vocab(), spec.hidden(), spec.layers(), spec.heads(), spec.kvHeads(),
                spec.headDim(), spec.intermediate(), spec.maxPositions(), 10000, 1e-5, true,
                DecoderShape.Variant.llama(), 1, new int[]{2});
    }

    /** Writes {@code folder/model.onnx} with random weights (or {@code given} ones) and returns its weights. */
    static Map<String, float[]> write(TinyLlama.Spec spec, Path folder, Map<String, float[]> given)
            throws IOException {
        return TinyLlama.writeWeights(spec, folder, given);
    }

    /** TinyLlama's weights (by initializer name) as a checkpoint under Hugging Face names and layout. */
    static Checkpoint checkpoint(TinyLlama.Spec spec, Map<String, float[]> weights) {
        int h = spec.hidden();
        int q = spec.heads() * spec.headDim();
        int kv = spec.kvHeads() * spec.headDim();
        int mlp = spec.intermediate();
        Map<String, Tensor> tensors = new HashMap<>();
        put(tensors, TensorNames.EMBED, weights.get("embed"), spec.vocab(), h);
        put(tensors, TensorNames.FINAL_NORM, weights.get("ln_final"), h);
        for (int l = 0; l < spec.layers(); l++) {
            put(tensors, TensorNames.layer(l, TensorNames.Q), transpose(weights.get("wq" + l), h, q), q, h);
            put(tensors, TensorNames.layer(l, TensorNames.K), transpose(weights.get("wk" + l), h, kv), kv, h);
            put(tensors, TensorNames.layer(l, TensorNames.V), transpose(weights.get("wv" + l), h, kv), kv, h);
            put(tensors, TensorNames.layer(l, TensorNames.O), transpose(weights.get("wo" + l), q, h), h, q);
            put(tensors, TensorNames.layer(l, TensorNames.GATE), transpose(weights.get("wg" + l), h, mlp), mlp, h);
            put(tensors, TensorNames.layer(l, TensorNames.UP), transpose(weights.get("wu" + l), h, mlp), mlp, h);
            put(tensors, TensorNames.layer(l, TensorNames.DOWN), transpose(weights.get("wd" + l), mlp, h), h, mlp);
            put(tensors, TensorNames.layer(l, TensorNames.INPUT_NORM), weights.get("ln_in" + l), h);
            put(tensors, TensorNames.layer(l, TensorNames.POST_ATTENTION_NORM), weights.get("ln_post" + l), h);
        }
        return new Checkpoint(shape(spec), tensors, new TokenizerFiles("{}", "{}", Optional.empty()), "tiny-llama");
    }

    /** An F32 tensor of {@code values}. */
    static void put(Map<String, Tensor> tensors, String name, float[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        tensors.put(name, new Tensor(name, shape, TensorType.F32, bytes));
    }

    /** {@code [rows, columns]} to {@code [columns, rows]}. */
    static float[] transpose(float[] m, int rows, int columns) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                t[c * rows + r] = m[r * columns + c];
            }
        }
        return t;
    }
}
