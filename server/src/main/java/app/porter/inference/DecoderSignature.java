package app.porter.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

/**
 * The inputs and outputs of a Hugging Face ONNX decoder, discovered from its session rather than assumed, so any
 * export (optimum, the onnxruntime-genai model builder, a hand conversion) runs as long as it follows the layout:
 * {@code input_ids}, optional {@code attention_mask} / {@code position_ids} / {@code use_cache_branch},
 * {@code past_key_values.N.key|value} in and {@code logits}, {@code present.N.key|value} out.
 *
 * @param pastKeys input name of layer N's past keys, at index N
 * @param presentKeys output name of layer N's new keys, at index N
 * @param kvType element type of the cache: FLOAT or FLOAT16 (ONNX Runtime's business what the weights are)
 * @param kvHeads key/value heads per layer (from the session's shape, else config.json)
 * @param headDim size of one head (from the session's shape, else config.json)
 * @param sharesPastBuffer the graph may be given the same buffer as past and present, with room after the past's
 *                         tokens, and then writes a step's keys and values there in place instead of copying the
 *                         past into a new present: declared by the model ({@link #KV_CACHE_METADATA}), as Porter's
 *                         imported graphs do (their GroupQueryAttention works either way)
 */
public record DecoderSignature(boolean hasAttentionMask, boolean hasPositionIds, boolean hasUseCacheBranch,
                               List<String> pastKeys, List<String> pastValues,
                               List<String> presentKeys, List<String> presentValues,
                               OnnxJavaType kvType, int kvHeads, int headDim, int vocabSize,
                               boolean sharesPastBuffer) {

    /** Model metadata key whose value {@link #SHARED_BUFFER} declares {@link #sharesPastBuffer}. */
    public static final String KV_CACHE_METADATA = "porter.kv_cache";
    public static final String SHARED_BUFFER = "shared-buffer";

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String POSITION_IDS = "position_ids";
    public static final String USE_CACHE_BRANCH = "use_cache_branch";
    public static final String LOGITS = "logits";

    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");
    private static final Pattern PRESENT = Pattern.compile("present\\.(\\d+)\\.(key|value)");

    public DecoderSignature {
        pastKeys = List.copyOf(pastKeys);
        pastValues = List.copyOf(pastValues);
        presentKeys = List.copyOf(presentKeys);
        presentValues = List.copyOf(presentValues);
    }

    public int layers() {
        return pastKeys.size();
    }

    /** Bytes of one cached element. */
    public int kvElementBytes() {
        return kvType == OnnxJavaType.FLOAT16 ? 2 : 4;
    }

    /**
     * Reads the signature from a session's inputs, outputs and custom metadata, filling shapes the export left
     * symbolic from config.json.
     */
    public static DecoderSignature discover(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs,
                                            Map<String, String> metadata, ModelConfig config)
            throws ModelRefusedException {
        if (inputs.containsKey("encoder_hidden_states") || inputs.containsKey("encoder_attention_mask")) {
            throw new ModelRefusedException("this is an encoder-decoder (seq2seq) model; Porter runs decoder-only"
                    + " chat models such as Llama, Qwen, Phi, Gemma or SmolLM");
        }
        if (!inputs.containsKey(INPUT_IDS)) {
            throw new ModelRefusedException("the ONNX model has no input_ids input, so it is not a Hugging Face"
                    + " text decoder (inputs: " + inputs.keySet() + ")");
        }
        if (!outputs.containsKey(LOGITS)) {
            throw new ModelRefusedException("the ONNX model has no logits output, so it is not a causal language"
                    + " model (outputs: " + outputs.keySet() + "); an embedding or encoder model cannot generate");
        }
        Map<Integer, String[]> past = byLayer(inputs.keySet(), PAST);
        Map<Integer, String[]> present = byLayer(outputs.keySet(), PRESENT);
        if (past.isEmpty()) {
            throw new ModelRefusedException("the ONNX model has no past_key_values inputs: export it with its KV"
                    + " cache (optimum: --task text-generation-with-past), Porter needs one to decode at speed");
        }
        for (String name : inputs.keySet()) {
            if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK) && !name.equals(POSITION_IDS)
                    && !name.equals(USE_CACHE_BRANCH) && !PAST.matcher(name).matches()) {
                throw new ModelRefusedException("the ONNX model wants an input Porter does not know how to fill: "
                        + name);
            }
        }
        int layers = past.size();
        List<String> pastKeys = new ArrayList<>();
        List<String> pastValues = new ArrayList<>();
        List<String> presentKeys = new ArrayList<>();
        List<String> presentValues = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            String[] in = past.get(layer);
            String[] out = present.get(layer);
            if (in == null || in[0] == null || in[1] == null) {
                throw new ModelRefusedException("past_key_values of layer " + layer + " are missing (layers must be"
                        + " numbered 0.." + (layers - 1) + ")");
            }
            if (out == null || out[0] == null || out[1] == null) {
                throw new ModelRefusedException("present.* outputs of layer " + layer + " are missing");
            }
            pastKeys.add(in[0]);
            pastValues.add(in[1]);
            presentKeys.add(out[0]);
            presentValues.add(out[1]);
        }
        if (config.layers() > 0 && config.layers() != layers) {
            throw new ModelRefusedException("config.json says " + config.layers() + " layers but the ONNX model has "
                    + layers + ": the folder mixes files of different models");
        }

        TensorInfo kv = tensor(inputs.get(pastKeys.getFirst()), pastKeys.getFirst());
        OnnxJavaType type = kv.type;
        if (type != OnnxJavaType.FLOAT && type != OnnxJavaType.FLOAT16) {
            throw new ModelRefusedException("the KV cache is " + type + "; Porter supports float32 and float16 caches");
        }
        long[] shape = kv.getShape(); // [batch, kv heads, past length, head size]
        if (shape.length != 4) {
            throw new ModelRefusedException("past_key_values have rank " + shape.length + "; Porter expects"
                    + " [batch, heads, length, head size]");
        }
        int kvHeads = shape[1] > 0 ? (int) shape[1] : config.kvHeads();
        int headDim = shape[3] > 0 ? (int) shape[3] : config.headDim();
        if (kvHeads <= 0 || headDim <= 0) {
            throw new ModelRefusedException("cannot tell the KV cache's heads and head size from the ONNX model or"
                    + " config.json (num_key_value_heads, head_dim / hidden_size)");
        }
        long[] logits = tensor(outputs.get(LOGITS), LOGITS).getShape();
        int vocab = logits.length == 3 && logits[2] > 0 ? (int) logits[2] : config.vocabSize();
        if (vocab <= 0) {
            throw new ModelRefusedException("cannot tell the vocabulary size from the logits output or config.json");
        }
        return new DecoderSignature(inputs.containsKey(ATTENTION_MASK), inputs.containsKey(POSITION_IDS),
                inputs.containsKey(USE_CACHE_BRANCH), pastKeys, pastValues, presentKeys, presentValues, type,
                kvHeads, headDim, vocab, SHARED_BUFFER.equals(metadata.get(KV_CACHE_METADATA)));
    }

    private static Map<Integer, String[]> byLayer(Set<String> names, Pattern pattern) {
        Map<Integer, String[]> layers = new TreeMap<>();
        for (String name : names) {
            Matcher m = pattern.matcher(name);
            if (m.matches()) {
                String[] pair = layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                pair[m.group(2).equals("key") ? 0 : 1] = name;
            }
        }
        return layers;
    }

    private static TensorInfo tensor(NodeInfo node, String name) throws ModelRefusedException {
        if (node.getInfo() instanceof TensorInfo info) {
            return info;
        }
        throw new ModelRefusedException(name + " is not a tensor");
    }
}
