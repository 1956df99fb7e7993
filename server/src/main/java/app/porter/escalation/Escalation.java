package app.porter.escalation;

import java.time.Instant;
import java.util.List;

/**
 * A conversation handed to staff.
 *
 * @param reason {@code emergency}, {@code tenant-request} (asked for a person) or {@code flow} (a flow's action)
 * @param kind for emergencies, what was recognised ({@code gas}, {@code fire}, ...); otherwise null
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 * @param claim who took it over, or null while nobody has
 * @param firstReplyAt when staff first answered the tenant, or null
 */
public record Escalation(String id, String conversationId, String propertyId, String reason, String kind,
                         String status, Instant createdAt, Instant updatedAt, Claim claim, Instant firstReplyAt) {

    /** The reasons, most urgent first: the inbox's priority order. */
    public static final List<String> PRIORITIES = List.of("emergency", "tenant-request", "flow");

    /**
     * A member of staff holding the conversation.
     *
     * @param who as the audit log names them
     * @param displayName as the tenant sees them
     */
    public record Claim(String who, String displayName, Instant at) {
    }

    /** 0 for emergencies, then tenant requests, then flows: lower comes first. */
    public int priority() {
        int priority = PRIORITIES.indexOf(reason);
        return priority < 0 ? PRIORITIES.size() : priority;
    }

    /** Whether staff hold the conversation through this escalation (claimed, not yet handed back or resolved). */
    public boolean holds() {
        return claim != null && !"resolved".equals(status);
    }
}
