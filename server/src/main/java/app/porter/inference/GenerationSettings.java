package app.porter.inference;

import java.util.List;

/**
 * What one generation may do: how tokens are chosen, how many it may add, and the strings that end it.
 *
 * @param maxNewTokens the most tokens to generate (the model's window may end it sooner)
 * @param stopStrings generation ends before the first of these appears in the text; it is not emitted
 */
public record GenerationSettings(SamplingSettings sampling, int maxNewTokens, List<String> stopStrings) {

    public GenerationSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, was " + maxNewTokens);
        }
        stopStrings = stopStrings.stream().filter(s -> !s.isEmpty()).toList();
    }

    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(SamplingSettings.greedy(), maxNewTokens, List.of());
    }
}
