package app.porter.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The append-only audit trail of admin and staff actions, as a SHA-256 hash chain. Entries name who did what to
 * which object; they never carry tenant text.
 */
public final class AuditLog {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("audit", 1));
    private static final String GENESIS = "0".repeat(64);

    private final Database database;
    private final Clock clock;

    public AuditLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Appends one entry.
     *
     * @param actor who: an admin token's name, {@code system}, or {@code tenant}
     * @param action what, as {@code feature.verb}, e.g. {@code access.token.created}
     * @param target the object's id (never its content)
     */
    public AuditEntry append(String actor, String action, String target) {
        return database.transaction(connection -> {
            String previous = GENESIS;
            try (Statement last = connection.createStatement();
                 ResultSet row = last.executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                if (row.next()) {
                    previous = row.getString(1);
                }
            }
            Instant at = clock.instant();
            String hash = hash(previous, at, actor, action, target);
            long seq;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (at, actor, action, target, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, at.toString());
                insert.setString(2, actor);
                insert.setString(3, action);
                insert.setString(4, target);
                insert.setString(5, previous);
                insert.setString(6, hash);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    seq = keys.getLong(1);
                }
            }
            return new AuditEntry(seq, at, actor, action, target, hash);
        });
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, at, actor, action, target, hash FROM audit_log ORDER BY seq DESC LIMIT ?")) {
                query.setInt(1, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getLong(1), Instant.parse(rows.getString(2)),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
                    }
                }
                return entries;
            }
        });
    }

    private static String hash(String previous, Instant at, String actor, String action, String target) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Unit separators keep field boundaries unambiguous ("ab","c" never hashes like "a","bc").
            String canonical = String.join("\u001f", previous, at.toString(), actor, action, target);
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
