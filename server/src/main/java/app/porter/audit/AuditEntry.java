package app.porter.audit;

import java.time.Instant;

/**
 * One audit-log entry as stored.
 *
 * @param detail the stated reason of a staff read, or what an action changed; null when there is none
 * @param prevHash the previous entry's hash (the chain link)
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String detail,
                         String prevHash, String hash) {
}
