package app.porter.chat;

import java.time.Instant;

/**
 * An internal note staff keep on a conversation; never shown to the tenant.
 *
 * @param author the staff member as the audit log names them
 */
public record StaffNote(String id, String author, String text, Instant createdAt) {
}
