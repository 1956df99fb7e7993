package app.porter.audit;

import java.time.Instant;

/** One audit-log entry as stored. */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String hash) {
}
