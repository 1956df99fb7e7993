package app.porter.tickets;

import java.time.Instant;

/**
 * One step in a ticket's history, for staff only: an assignment or a status change, with the note staff wrote.
 *
 * @param kind     {@code assigned} or {@code status}
 * @param status   the new status ({@code status} steps)
 * @param assignee the username now assigned, null when unassigned ({@code assigned} steps)
 * @param note     what staff wrote, null when nothing; never shown to the tenant
 */
public record TicketHistory(Instant at, String who, String kind, String status, String assignee, String note) {
    /** What a note reads as once the tenant's conversation was erased (its key is gone with the ticket's). */
    public static final String ERASED_NOTE = "(note erased with the tenant's conversation)";
}
