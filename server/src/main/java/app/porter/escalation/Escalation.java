package app.porter.escalation;

import java.time.Instant;

/**
 * A conversation handed to staff.
 *
 * @param reason {@code emergency}, {@code tenant-request} (asked for a person) or {@code flow} (a flow's action)
 * @param kind for emergencies, what was recognised ({@code gas}, {@code fire}, ...); otherwise null
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 */
public record Escalation(String id, String conversationId, String propertyId, String reason, String kind,
                         String status, Instant createdAt, Instant updatedAt) {
}
