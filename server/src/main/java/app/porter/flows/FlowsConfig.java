package app.porter.flows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

import app.porter.language.Language;


/**
 * The {@code porter.flows} settings.
 *
 * @param emergencyServices the public emergency number for properties whose settings name none
 * @param firmLanguage the language of ticket summaries for staff
 * @param timeouts when an abandoned flow is offered again and when it expires
 * @param exampleSimilarity cosine similarity to an example phrase that counts as a match (routing and emergencies)
 * @param webhookUrl where new tickets and escalations are posted, on the firm's own network; empty for none
 */
public record FlowsConfig(String emergencyServices, Language firmLanguage, Timeouts timeouts,
                          float exampleSimilarity, Optional<String> webhookUrl) {

    /**
     * Timing of abandoned flows.
     *
     * @param idleAfter a flow untouched this long is offered again ("continue?") instead of assumed
     * @param expireAfter a flow untouched this long is dropped
     */
    public record Timeouts(Duration idleAfter, Duration expireAfter) {
        public Timeouts {
            if (idleAfter.isNegative() || expireAfter.compareTo(idleAfter) < 0) {
                throw new IllegalArgumentException("flows: expire-after must be at least idle-after");
            }
        }
    }

    public FlowsConfig {
        if (exampleSimilarity <= 0 || exampleSimilarity > 1) {
            throw new IllegalArgumentException("porter.flows.example-similarity must be in (0, 1]");
        }
    }

    /** From {@code porter.flows} in the YAML, with {@code PORTER_WEBHOOK_URL} overriding the webhook. */
    public static FlowsConfig load(Config flows, Map<String, String> env) {
        String webhook = env.getOrDefault("PORTER_WEBHOOK_URL", flows.get("webhook-url").asString().orElse(""));
        return new FlowsConfig(
                flows.get("emergency-services").asString().orElse("911"),
                Language.fromTag(flows.get("firm-language").asString().orElse("en"))
                        .orElseThrow(() -> new IllegalArgumentException("porter.flows.firm-language must be one of"
                                + " en, es, fr, zh-Hans, vi, ar")),
                new Timeouts(
                        Duration.parse(flows.get("idle-after").asString().orElse("PT30M")),
                        Duration.parse(flows.get("expire-after").asString().orElse("PT24H"))),
                flows.get("example-similarity").asDouble().orElse(0.8).floatValue(),
                webhook.isBlank() ? Optional.empty() : Optional.of(webhook.strip()));
    }
}
