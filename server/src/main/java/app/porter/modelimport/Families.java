package app.porter.modelimport;

import java.util.Optional;

import app.porter.modelimport.DecoderShape.Activation;
import app.porter.modelimport.DecoderShape.QkNorm;
import app.porter.modelimport.DecoderShape.RopeScaling;
import app.porter.modelimport.DecoderShape.Variant;

/**
 * What each Llama-family architecture does differently, in one place for both readers: the structural differences
 * follow from the family's name; the numbers (scales, softcaps, windows) come from the file and are passed in.
 */
final class Families {

    private Families() {
    }

    /** The numbers a file states; 1 / NaN / 0 where it states none (see {@link Variant}). */
    record Numbers(boolean attentionBias, double normWeightOffset, double embeddingScale, double residualScale,
                   double attentionScale, double logitScale, double logitSoftcap, double attentionSoftcap,
                   int slidingWindow, Optional<RopeScaling> ropeScaling) {

        static Numbers plain(boolean attentionBias, int slidingWindow, Optional<RopeScaling> ropeScaling) {
            return new Numbers(attentionBias, 0, 1, 1, Double.NaN, 1, 0, 0, slidingWindow, ropeScaling);
        }
    }

    static Variant variant(String architecture, Numbers n) {
        boolean gemma = architecture.startsWith("gemma");
        QkNorm qkNorm = switch (architecture) {
            case "qwen3" -> QkNorm.PER_HEAD;
            case "olmo2" -> QkNorm.WHOLE;
            default -> QkNorm.NONE;
        };
        boolean postNorms = architecture.equals("olmo2") || architecture.equals("gemma2");
        return new Variant(gemma ? Activation.GELU_TANH : Activation.SILU, qkNorm, n.attentionBias(), postNorms,
                n.normWeightOffset(), n.embeddingScale(), n.residualScale(), n.attentionScale(), n.logitScale(),
                n.logitSoftcap(), n.attentionSoftcap(), n.slidingWindow(), n.ropeScaling());
    }
}
