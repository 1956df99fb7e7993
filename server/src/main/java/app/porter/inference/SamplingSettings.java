package app.porter.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * How the next token is chosen. Temperature 0 is greedy decoding (deterministic); otherwise the usual chain:
 * repetition penalty, temperature, top-k, top-p, then a draw seeded by {@code seed} (random when absent).
 *
 * @param temperature 0 for greedy, else &gt; 0
 * @param topK keep this many most likely tokens; 0 keeps all
 * @param topP nucleus mass to keep, in (0, 1]; 1 keeps all
 * @param repetitionPenalty &gt; 0; 1 means none (Hugging Face semantics)
 * @param seed makes a sampled generation reproducible
 */
public record SamplingSettings(float temperature, int topK, float topP, float repetitionPenalty, OptionalLong seed) {

    public SamplingSettings {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 means greedy), was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 means off), was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1] (1 means off), was " + topP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetition penalty must be > 0 (1 means none), was " + repetitionPenalty);
        }
    }

    public static SamplingSettings greedy() {
        return new SamplingSettings(0, 0, 1, 1, OptionalLong.empty());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** A new sampler with its own random state (one per generation: samplers are not shared between threads). */
    public Sampler newSampler() {
        List<Sampler.LogitsProcessor> chain = new ArrayList<>();
        if (repetitionPenalty != 1) {
            chain.add(new Sampler.RepetitionPenalty(repetitionPenalty));
        }
        if (isGreedy()) {
            return chain.isEmpty() ? Sampler.greedy() : Sampler.of(chain, Sampler.greedy());
        }
        chain.add(new Sampler.Temperature(temperature));
        if (topK > 0) {
            chain.add(new Sampler.TopK(topK));
        }
        if (topP < 1) {
            chain.add(new Sampler.TopP(topP));
        }
        SplittableRandom random = seed.isPresent() ? new SplittableRandom(seed.getAsLong()) : new SplittableRandom();
        return Sampler.of(chain, Sampler.categorical(random));
    }
}
