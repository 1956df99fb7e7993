package app.porter.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.helidon.config.Config;

/**
 * How soon staff should first answer an escalation, per priority ({@code porter.escalations.sla}). An escalation
 * is breached when no one has answered by then, or the first answer came later.
 */
public record Sla(Duration emergency, Duration tenantRequest, Duration flow) {

    public static final Sla DEFAULT = new Sla(Duration.ofMinutes(15), Duration.ofHours(4), Duration.ofHours(24));

    public Sla {
        for (Duration d : new Duration[] {emergency, tenantRequest, flow}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("porter.escalations.sla: every target must be a positive duration"
                        + " such as PT15M");
            }
        }
    }

    /** From {@code porter.escalations.sla}: {@code emergency}, {@code tenant-request}, {@code flow} (ISO-8601). */
    public static Sla load(Config sla) {
        return new Sla(
                sla.get("emergency").asString().map(Duration::parse).orElse(DEFAULT.emergency),
                sla.get("tenant-request").asString().map(Duration::parse).orElse(DEFAULT.tenantRequest),
                sla.get("flow").asString().map(Duration::parse).orElse(DEFAULT.flow));
    }

    public Duration target(String reason) {
        return Map.of("emergency", emergency, "tenant-request", tenantRequest).getOrDefault(reason, flow);
    }

    /** When the first staff answer is due. */
    public Instant due(Escalation e) {
        return e.createdAt().plus(target(e.reason()));
    }

    /** Whether the escalation missed its target: unanswered past it, or first answered after it. */
    public boolean breached(Escalation e, Instant now) {
        Instant answered = e.firstReplyAt();
        return (answered != null ? answered : now).isAfter(due(e));
    }
}
