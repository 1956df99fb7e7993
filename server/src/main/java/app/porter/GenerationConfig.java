package app.porter;

import java.util.Map;

import io.helidon.config.Config;

/**
 * Generative mode's settings ({@code porter.generation} in application.yaml, some with environment overrides).
 *
 * @param maxBatch conversations decoded together ({@code PORTER_GENERATION_MAX_BATCH})
 * @param queue conversations that may wait; beyond them 429 ({@code PORTER_GENERATION_QUEUE})
 * @param maxNewTokens longest reply in tokens ({@code PORTER_GENERATION_MAX_TOKENS})
 * @param passages passages per question
 * @param threads ONNX Runtime threads, 0 for every core ({@code PORTER_GENERATION_THREADS})
 * @param prefixCacheMb memory for reusing the system prompt's KV cache
 * @param policy the answer policy of the first policy version (then the active version's comes first in prompts)
 */
public record GenerationConfig(int maxBatch, int queue, int maxNewTokens, int passages, int threads,
                               int prefixCacheMb, String policy) {

    public GenerationConfig {
        if (maxBatch < 1 || queue < 0 || maxNewTokens < 1 || passages < 1 || threads < 0 || prefixCacheMb < 0) {
            throw new IllegalArgumentException("porter.generation: max-batch, max-new-tokens and passages must be"
                    + " at least 1; queue, threads and prefix-cache-mb at least 0");
        }
    }

    /** Threads to give ONNX Runtime. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    static GenerationConfig load(Config yaml, Map<String, String> env) {
        return new GenerationConfig(
                number(env, "PORTER_GENERATION_MAX_BATCH", yaml.get("max-batch").asInt().orElse(8)),
                number(env, "PORTER_GENERATION_QUEUE", yaml.get("queue").asInt().orElse(32)),
                number(env, "PORTER_GENERATION_MAX_TOKENS", yaml.get("max-new-tokens").asInt().orElse(256)),
                yaml.get("passages").asInt().orElse(3),
                number(env, "PORTER_GENERATION_THREADS", yaml.get("threads").asInt().orElse(0)),
                yaml.get("prefix-cache-mb").asInt().orElse(256),
                yaml.get("policy").asString().orElse("You are Porter, a helpful resident assistant."));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was \"" + value + "\"");
        }
    }
}
