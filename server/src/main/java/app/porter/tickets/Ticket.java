package app.porter.tickets;

import java.time.Instant;

/**
 * A maintenance ticket. Structured fields are option values ({@code plumbing}, {@code urgent}); {@link Details}
 * holds what the tenant typed, kept encrypted at rest.
 *
 * @param reference what the tenant sees and quotes, e.g. {@code MC-1042}
 * @param conversationId the conversation it came from; null once that conversation was erased
 * @param contact {@code chat}, {@code phone}, {@code text} or {@code email}
 * @param language the tenant's language (BCP 47)
 * @param status {@code open}, {@code scheduled}, {@code in-progress}, {@code completed} or {@code cancelled}
 * @param assignee the staff username working on it, null while nobody is
 * @param assignedAt when it was assigned (or unassigned), null when never
 */
public record Ticket(String id, String reference, String propertyId, String conversationId, String category,
                     String urgency, Boolean entryPermitted, Boolean pets, String contact, String language,
                     String status, Instant createdAt, Instant updatedAt, Details details, String assignee,
                     Instant assignedAt) {

    /** Still work to do: not completed or cancelled (what a possible duplicate must be). */
    public boolean isOpen() {
        return !status.equals("completed") && !status.equals("cancelled");
    }

    /**
     * What the tenant typed, and the staff summary built from it in the firm's language.
     *
     * @param unit the apartment, normalised (C-204)
     * @param location where in the apartment (an option label or the tenant's words)
     * @param window when a visit suits (an option label or the tenant's words)
     */
    public record Details(String unit, String location, String description, String window, String phone,
                          String email, String staffSummary) {
        /** What remains of a ticket whose conversation was erased at the tenant's request. */
        public static final Details ERASED = new Details(null, null, null, null, null, null,
                "(details erased at the tenant's request)");
    }
}
