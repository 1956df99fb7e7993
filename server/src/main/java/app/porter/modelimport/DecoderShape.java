package app.porter.modelimport;

import java.util.Optional;

/**
 * A Llama-family decoder's dimensions and the few ways the families differ, the same whether they were read from a
 * GGUF file's metadata or a Hugging Face {@code config.json}. The graph writer and the reference decoder read only
 * this, never the source format.
 *
 * @param architecture the family as Hugging Face names it ({@code llama}, {@code qwen2}, {@code qwen3},
 *                     {@code mistral}, {@code phi3}, {@code gemma}, {@code gemma2}, {@code granite}, {@code olmo2})
 * @param headDim size of one attention head (not always hidden / heads: gemma, qwen3)
 * @param maxPositions the model's window in tokens
 * @param tiedEmbeddings the LM head is the token embedding (no {@code lm_head.weight})
 * @param variant what this family does differently from plain Llama
 * @param bosTokenId beginning-of-sequence id, or -1
 * @param eosTokenIds ids that end a generation
 */
public record DecoderShape(String architecture, int vocabSize, int hidden, int layers, int heads, int kvHeads,
                           int headDim, int intermediate, int maxPositions, double ropeTheta, double rmsEps,
                           boolean tiedEmbeddings, Variant variant, int bosTokenId, int[] eosTokenIds) {

    public DecoderShape {
        if (vocabSize <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0
                || intermediate <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("a decoder's dimensions must all be positive");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " attention heads cannot share " + kvHeads + " key/value heads");
        }
        eosTokenIds = eosTokenIds.clone();
    }

    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    /** The MLP's activation: SwiGLU's SiLU, or GeGLU's tanh-approximated GELU (gemma). */
    public enum Activation { SILU, GELU_TANH }

    /** Where a per-head RMSNorm of queries and keys sits: none, per head (qwen3), over the whole projection (olmo2). */
    public enum QkNorm { NONE, PER_HEAD, WHOLE }

    /** Llama 3's rotary frequency scaling ({@code rope_scaling.rope_type = llama3}). */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    }

    /**
     * @param attentionBias q, k and v projections carry biases (qwen2)
     * @param postNorms norms after attention and MLP instead of before them (olmo2), or in addition (gemma2: then
     *                  {@code pre_feedforward_layernorm} / {@code post_feedforward_layernorm} exist)
     * @param normWeightOffset added to every RMSNorm weight (gemma stores w - 1: 1.0)
     * @param embeddingScale the token embedding is multiplied by this (gemma: sqrt(hidden); granite: its multiplier)
     * @param residualScale each block's output is multiplied by this before the residual add (granite), else 1
     * @param attentionScale scores are multiplied by this, or NaN for 1 / sqrt(headDim)
     * @param logitScale logits are divided by this (granite's logits_scaling), else 1
     * @param logitSoftcap gemma2's final soft-capping, or 0 for none
     * @param attentionSoftcap gemma2's attention soft-capping, or 0 for none
     * @param slidingWindow attention window of the sliding layers (mistral, gemma2's even layers), or 0 for none
     */
    public record Variant(Activation activation, QkNorm qkNorm, boolean attentionBias, boolean postNorms,
                          double normWeightOffset, double embeddingScale, double residualScale, double attentionScale,
                          double logitScale, double logitSoftcap, double attentionSoftcap, int slidingWindow,
                          Optional<RopeScaling> ropeScaling) {

        /** Plain Llama: SwiGLU, pre-norms, no biases, no scaling. */
        public static Variant llama() {
            return new Variant(Activation.SILU, QkNorm.NONE, false, false, 0, 1, 1, Double.NaN, 1, 0, 0, 0,
                    Optional.empty());
        }
    }
}
