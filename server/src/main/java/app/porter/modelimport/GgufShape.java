package app.porter.modelimport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.porter.errors.Unprocessable;
import app.porter.modelimport.DecoderShape.RopeScaling;
import app.porter.modelimport.DecoderShape.Variant;

/** A GGUF file's {@code {arch}.*} and {@code tokenizer.ggml.*} metadata as a {@link DecoderShape}. */
final class GgufShape {

    /** llama.cpp's architecture names Porter imports; they are also the Hugging Face family names. */
    static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "qwen3", "phi3", "gemma", "gemma2",
            "granite", "olmo2");

    private GgufShape() {
    }

    static String architecture(GgufMetadata m) {
        String arch = m.string("general.architecture").orElseThrow(() -> new Unprocessable("model_format",
                "the GGUF metadata has no general.architecture"));
        if (!ARCHITECTURES.contains(arch)) {
            throw new Unprocessable("model_unsupported", "the GGUF's architecture is " + arch
                    + "; Porter imports the Llama family: " + String.join(", ", ARCHITECTURES));
        }
        if (m.integer(arch + ".expert_count").orElse(0L) > 0) {
            throw new Unprocessable("model_unsupported", "the GGUF is a mixture-of-experts " + arch
                    + "; Porter imports dense decoders only");
        }
        return arch;
    }

    /**
     * @param tensorNames the file's own (GGUF) tensor names, for what the metadata does not say (biases, tying)
     * @param ropeFreqs llama 3's {@code rope_freqs.weight} when the file has one
     */
    static DecoderShape shape(GgufMetadata m, String arch, Set<String> tensorNames, Optional<float[]> ropeFreqs) {
        int hidden = m.requiredInt(arch + ".embedding_length");
        int heads = m.requiredInt(arch + ".attention.head_count");
        int kvHeads = m.has(arch + ".attention.head_count_kv") ? m.requiredInt(arch + ".attention.head_count_kv")
                : heads;
        int headDim = m.has(arch + ".attention.key_length") ? m.requiredInt(arch + ".attention.key_length")
                : hidden / heads;
        int rotaryDims = m.integer(arch + ".rope.dimension_count").map(Math::toIntExact).orElse(headDim);
        if (rotaryDims != headDim) {
            throw new Unprocessable("model_unsupported", "the GGUF rotates " + rotaryDims + " of " + headDim
                    + " head dimensions; Porter imports models with full rotary embeddings");
        }
        double theta = m.number(arch + ".rope.freq_base").orElse(10000.0);
        int vocab = m.integer(arch + ".vocab_size").map(Math::toIntExact)
                .orElse(m.list("tokenizer.ggml.tokens").map(List::size).orElse(0));
        List<Integer> eos = new ArrayList<>();
        for (String key : List.of("eos_token_id", "eot_token_id", "eom_token_id")) {
            m.integer("tokenizer.ggml." + key).map(Math::toIntExact).filter(id -> !eos.contains(id)).ifPresent(eos::add);
        }
        return new DecoderShape(arch, vocab, hidden, m.requiredInt(arch + ".block_count"), heads, kvHeads, headDim,
                m.requiredInt(arch + ".feed_forward_length"), m.requiredInt(arch + ".context_length"), theta,
                m.number(arch + ".attention.layer_norm_rms_epsilon").orElse(1e-5),
                !tensorNames.contains("output.weight"),
                variant(m, arch, hidden, heads, tensorNames, ropeScaling(m, arch, theta, headDim, ropeFreqs)),
                m.integer("tokenizer.ggml.bos_token_id").map(Math::toIntExact).orElse(-1),
                eos.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Variant variant(GgufMetadata m, String arch, int hidden, int heads, Set<String> tensorNames,
                                   Optional<RopeScaling> rope) {
        boolean bias = tensorNames.contains("blk.0.attn_q.bias");
        int window = m.integer(arch + ".attention.sliding_window").map(Math::toIntExact).orElse(0);
        Families.Numbers numbers = switch (arch) {
            // llama.cpp's converter adds gemma's +1 to the norm weights already: no offset here (unlike safetensors).
            case "gemma" -> new Families.Numbers(bias, 0, Math.sqrt(hidden), 1, Double.NaN, 1, 0, 0, window, rope);
            case "gemma2" -> new Families.Numbers(bias, 0, Math.sqrt(hidden), 1,
                    gemma2AttentionScale(m, hidden, heads), 1, m.number("gemma2.final_logit_softcapping").orElse(0.0),
                    m.number("gemma2.attn_logit_softcapping").orElse(0.0), window, rope);
            case "granite" -> new Families.Numbers(bias, 0, m.number("granite.embedding_scale").orElse(1.0),
                    m.number("granite.residual_scale").orElse(1.0),
                    m.number("granite.attention.scale").orElse(Double.NaN), m.number("granite.logit_scale").orElse(1.0),
                    0, 0, window, rope);
            default -> Families.Numbers.plain(bias, window, rope);
        };
        return Families.variant(arch, numbers);
    }

    /**
     * GGUF does not carry gemma2's {@code query_pre_attn_scalar}; llama.cpp scales by 1/sqrt(head size), except for
     * the 27B model (46 layers), which Google trained with hidden / heads.
     */
    private static double gemma2AttentionScale(GgufMetadata m, int hidden, int heads) {
        return m.integer("gemma2.block_count").orElse(0L) == 46 ? 1 / Math.sqrt((double) hidden / heads) : Double.NaN;
    }

    private static Optional<RopeScaling> ropeScaling(GgufMetadata m, String arch, double theta, int headDim,
                                                     Optional<float[]> ropeFreqs) {
        String type = m.string(arch + ".rope.scaling.type").orElse("none");
        if (!type.equals("none")) {
            throw new Unprocessable("model_unsupported", "the GGUF uses " + type + " rotary scaling; Porter imports "
                    + "plain and Llama 3 rotary embeddings");
        }
        if (ropeFreqs.isEmpty()) {
            return Optional.empty();
        }
        // llama.cpp stores Llama 3's scaling as per-frequency factors, not as its four parameters: find the usual
        // parameters (the largest factor, low 1, high 4 or a neighbour, a power-of-two original window) that
        // reproduce every stored factor; equal factors make equal rotations, whichever set it is.
        float[] factors = ropeFreqs.get();
        double factor = 1;
        for (float f : factors) {
            factor = Math.max(factor, f);
        }
        List<Integer> windows = new ArrayList<>();
        m.integer(arch + ".rope.scaling.original_context_length").map(Math::toIntExact).ifPresent(windows::add);
        for (int w = 8192; w <= 1 << 20; w *= 2) {
            windows.add(w);
        }
        for (int w = 4096; w >= 16; w /= 2) {
            windows.add(w);
        }
        for (int original : windows) {
            for (double high : new double[] {4, 2, 8}) {
                RopeScaling scaling = new RopeScaling(factor, 1, high, original);
                if (reproduces(llama3Factors(scaling, theta, headDim), factors)) {
                    return Optional.of(scaling);
                }
            }
        }
        throw new Unprocessable("model_unsupported", "the GGUF's rope_freqs are not Llama 3's rotary scaling; "
                + "Porter cannot import them");
    }

    private static boolean reproduces(double[] expected, float[] stored) {
        if (expected.length != stored.length) {
            return false;
        }
        for (int i = 0; i < stored.length; i++) {
            if (Math.abs(expected[i] - stored[i]) > 1e-4 * expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** What llama.cpp's converter writes as {@code rope_freqs.weight} for these parameters (one per rotary pair). */
    static double[] llama3Factors(RopeScaling s, double theta, int headDim) {
        double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
        double[] out = new double[headDim / 2];
        for (int i = 0; i < out.length; i++) {
            double wavelen = 2 * Math.PI * Math.pow(theta, 2.0 * i / headDim);
            if (wavelen < highWavelen) {
                out[i] = 1;
            } else if (wavelen > lowWavelen) {
                out[i] = s.factor();
            } else {
                double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                out[i] = 1 / ((1 - smooth) / s.factor() + smooth);
            }
        }
        return out;
    }
}
