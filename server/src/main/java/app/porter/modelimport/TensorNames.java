package app.porter.modelimport;

/**
 * The canonical tensor names a {@link Checkpoint} uses: Hugging Face's Llama names. A safetensors folder mostly has
 * them already; the GGUF reader maps {@code token_embd.weight}, {@code blk.N.attn_q.weight} and the rest onto them,
 * and fused tensors (phi3's {@code qkv_proj}, {@code gate_up_proj}) are split by the reader.
 */
public final class TensorNames {

    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    /** Absent when the embeddings are tied. */
    public static final String LM_HEAD = "lm_head.weight";

    private TensorNames() {
    }

    /** {@code model.layers.N.} + what, e.g. {@code layer(3, "self_attn.q_proj.weight")}. */
    public static String layer(int n, String what) {
        return "model.layers." + n + "." + what;
    }

    public static final String Q = "self_attn.q_proj.weight";
    public static final String K = "self_attn.k_proj.weight";
    public static final String V = "self_attn.v_proj.weight";
    public static final String O = "self_attn.o_proj.weight";
    public static final String Q_BIAS = "self_attn.q_proj.bias";
    public static final String K_BIAS = "self_attn.k_proj.bias";
    public static final String V_BIAS = "self_attn.v_proj.bias";
    public static final String Q_NORM = "self_attn.q_norm.weight";
    public static final String K_NORM = "self_attn.k_norm.weight";
    public static final String GATE = "mlp.gate_proj.weight";
    public static final String UP = "mlp.up_proj.weight";
    public static final String DOWN = "mlp.down_proj.weight";
    /** Before attention (llama); gemma2 too. */
    public static final String INPUT_NORM = "input_layernorm.weight";
    /** Llama: before the MLP. olmo2 and gemma2: after attention. */
    public static final String POST_ATTENTION_NORM = "post_attention_layernorm.weight";
    /** gemma2: before the MLP. */
    public static final String PRE_FEEDFORWARD_NORM = "pre_feedforward_layernorm.weight";
    /** olmo2 and gemma2: after the MLP. */
    public static final String POST_FEEDFORWARD_NORM = "post_feedforward_layernorm.weight";
}
