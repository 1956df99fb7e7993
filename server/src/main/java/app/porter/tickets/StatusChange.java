package app.porter.tickets;

/**
 * A ticket moved to a new status, as the tenant may hear of it: the reference and the status, never the note.
 *
 * @param conversationId the conversation the ticket came from (never null here: an unlinked ticket tells no one)
 */
public record StatusChange(String conversationId, String reference, String status) {
}
