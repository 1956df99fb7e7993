package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The sampling parts one by one, and composed. */
class SamplerTest {

    private static final int[] NO_HISTORY = new int[0];

    @Test
    void greedyTakesTheHighestAndTheLowestIdOnATie() {
        assertEquals(2, Sampler.greedy().sample(new float[]{0.1f, 0.5f, 0.9f, 0.2f}, NO_HISTORY, 0));
        assertEquals(1, Sampler.greedy().sample(new float[]{0.1f, 0.9f, 0.9f}, NO_HISTORY, 0));
    }

    @Test
    void repetitionPenaltyPushesSeenTokensDownWhateverTheirSign() {
        float[] logits = {2f, -2f, 1f};
        new Sampler.RepetitionPenalty(2f).process(logits, new int[]{0, 1, 0}, 3);
        assertEquals(1f, logits[0]);   // positive: divided
        assertEquals(-4f, logits[1]);  // negative: multiplied
        assertEquals(1f, logits[2]);   // unseen: unchanged
    }

    @Test
    void topKKeepsTheKBest() {
        float[] logits = {5f, 1f, 4f, 3f, 2f};
        new Sampler.TopK(2).process(logits, NO_HISTORY, 0);
        assertEquals(2, Arrays.stream(new int[]{0, 1, 2, 3, 4}).filter(i -> logits[i] > Float.NEGATIVE_INFINITY).count());
        assertTrue(logits[0] == 5f && logits[2] == 4f);
    }

    @Test
    void topPKeepsTheSmallestNucleus() {
        // softmax of ln(p): probabilities 0.5, 0.3, 0.15, 0.05
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        new Sampler.TopP(0.75f).process(logits, NO_HISTORY, 0);
        assertTrue(logits[0] > Float.NEGATIVE_INFINITY && logits[1] > Float.NEGATIVE_INFINITY);
        assertEquals(Float.NEGATIVE_INFINITY, logits[2]);
        assertEquals(Float.NEGATIVE_INFINITY, logits[3]);
    }

    @Test
    void temperatureSamplingFollowsTheDistributionAndASeedRepeatsIt() {
        SamplingSettings settings = new SamplingSettings(1f, 0, 1f, 1f, OptionalLong.of(42));
        float[] base = {(float) Math.log(0.7), (float) Math.log(0.2), (float) Math.log(0.1)};
        int[] counts = new int[3];
        Sampler sampler = settings.newSampler();
        for (int i = 0; i < 20_000; i++) {
            counts[sampler.sample(base.clone(), NO_HISTORY, 0)]++;
        }
        assertEquals(0.7, counts[0] / 20_000.0, 0.02);
        assertEquals(0.2, counts[1] / 20_000.0, 0.02);

        Sampler a = settings.newSampler();
        Sampler b = settings.newSampler();
        SplittableRandom noise = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            float[] logits = new float[50];
            for (int v = 0; v < logits.length; v++) {
                logits[v] = (float) noise.nextGaussian();
            }
            assertEquals(a.sample(logits.clone(), NO_HISTORY, 0), b.sample(logits.clone(), NO_HISTORY, 0));
        }
    }

    @Test
    void settingsAreValidatedWithOneClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(-1, 0, 1, 1, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, -1, 1, 1, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 0, 1, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1, 0, OptionalLong.empty()));
        assertTrue(SamplingSettings.greedy().isGreedy());
    }
}
