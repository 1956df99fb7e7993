package app.porter.audit;

import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.crypto.Signer;
import app.porter.errors.InvalidInput;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The append-only audit trail of admin and staff actions, as a SHA-256 hash chain: each entry's hash covers the
 * previous entry's hash and its own fields, so editing, deleting or reordering an entry breaks the chain from that
 * entry on. Entries name who did what to which object; they never carry tenant text.
 *
 * <p>A chain alone cannot show that entries were cut off its end, nor that someone rewrote it wholesale from some
 * entry on. So the newest entry (the head) is signed with the appliance's Ed25519 key on every append, and every
 * {@value #CHECKPOINT_INTERVAL} entries (and daily) a signed checkpoint is kept. {@link #verify()} checks all of it
 * and names the first entry where it breaks.
 *
 * <p>This class is the log's one public face and its writes (append, checkpoint, prune) and searches; the parts
 * that stand on their own live beside it: {@link AuditChain} (the hash format and paged reads),
 * {@link AuditMarks} (the signed head, checkpoints and anchor), {@link AuditVerifier} and {@link AuditExport}.
 */
public final class AuditLog {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("audit", 1), Migration.of("audit", 2));
    public static final int CHECKPOINT_INTERVAL = 1000;
    private static final DateTimeFormatter AT = AuditChain.AT;
    private static final Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Database database;
    private final Clock clock;
    private final AuditMarks marks;
    private final AuditVerifier verifier;
    private final AuditExport export;
    private final AuditWitness witness;

    /** A log that can read and verify but whose appends are not signed (tools that only read). */
    public AuditLog(Database database, Clock clock) {
        this(database, clock, null, null);
    }

    /** A signed log without a witness file (tests of the database alone). */
    public AuditLog(Database database, Clock clock, Signer signer) {
        this(database, clock, signer, null);
    }

    /**
     * A signed log whose every committed head is also appended to {@code witness}, outside the database, so that
     * a rollback or a wipe of the database shows ({@link AuditWitness}).
     */
    public AuditLog(Database database, Clock clock, Signer signer, AuditWitness witness) {
        this.database = database;
        this.clock = clock;
        this.marks = new AuditMarks(signer);
        this.witness = signer == null ? null : witness;
        AuditChain chain = new AuditChain(database);
        this.verifier = new AuditVerifier(database, chain, marks, this.witness);
        this.export = new AuditExport(database, chain);
    }

    /** Appends one entry without detail; see {@link #append(String, String, String, String)}. */
    public AuditEntry append(String actor, String action, String target) {
        return append(actor, action, target, null);
    }

    /**
     * Appends one entry and signs the new head, in one transaction.
     *
     * @param actor who: an admin token's name, {@code system}, or {@code tenant}
     * @param action what, as {@code feature.verb}, e.g. {@code access.token.created}
     * @param target the object's id (never its content)
     * @param detail the stated reason of a staff read, or what changed (never tenant text); may be null
     */
    public AuditEntry append(String actor, String action, String target, String detail) {
        return database.transaction(connection -> append(connection, actor, action, target, detail));
    }

    /** Appends inside the caller's transaction, so an action and its audit entry land together or not at all. */
    public AuditEntry append(Connection connection, String actor, String action, String target, String detail)
            throws SQLException {
        String previous = AuditChain.GENESIS;
        try (Statement last = connection.createStatement();
             ResultSet row = last.executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
            if (row.next()) {
                previous = row.getString(1);
            } else {
                previous = AuditMarks.anchor(connection).map(AuditMarks.SignedMark::hash).orElse(AuditChain.GENESIS);
            }
        }
        String at = AT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String hash = AuditChain.hash(previous, at, actor, action, target, detail);
        long seq;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, at);
            insert.setString(2, actor);
            insert.setString(3, action);
            insert.setString(4, target);
            insert.setString(5, detail);
            insert.setString(6, previous);
            insert.setString(7, hash);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
        }
        if (marks.signing()) {
            AuditMarks.SignedMark head = marks.write(connection, AuditMarks.HEAD, "head", seq, hash, at);
            if (witness != null) {
                // After the commit: a witness line for an entry that a rollback then undoes would be a false alarm;
                // a crash between the commit and this line only leaves the witness one entry behind.
                database.afterCommit(() -> {
                    try {
                        witness.record("head", head);
                    } catch (UncheckedIOException e) {
                        // The entry is committed; a witness left one head behind only weakens the next check.
                        LOG.log(Level.ERROR, "audit witness not written: " + e.getCause().getClass().getSimpleName());
                    }
                });
            }
            if (seq % CHECKPOINT_INTERVAL == 0) {
                marks.write(connection, AuditMarks.CHECKPOINTS, "checkpoint", seq, hash, at);
            }
        }
        return new AuditEntry(seq, Instant.parse(at), actor, action, target, detail, previous, hash);
    }

    /**
     * Called at start: when the witness file beside the key does not exist yet (an upgrade, or someone deleted it)
     * and the log is not empty, it is started at the current head, and that is itself audited, so a deleted
     * witness shows in the log. A new, empty log needs nothing: its first append creates the file.
     */
    public void startWitness() {
        if (witness == null || witness.exists() || size() == 0) {
            return;
        }
        append("system", "audit.witness.started", AuditWitness.FILE,
                "no witness file was found; anchored at the current head");
    }

    /**
     * Re-anchors after a backup was restored (a legitimate rollback): appends an audit entry saying so, then marks
     * the witness so that only heads from here on count.
     */
    public void restored(String actor, String backupName, String detail) {
        append(actor, "privacy.backup.restored", backupName, detail);
        if (witness != null) {
            database.read(AuditMarks::head).ifPresent(head -> witness.record("restore", head));
        }
    }

    /** Signs a checkpoint at the newest entry (the daily checkpoint); returns its seq, or -1 for an empty log. */
    public long checkpoint() {
        if (!marks.signing()) {
            throw new IllegalStateException("this audit log has no signing key");
        }
        return database.transaction(connection -> {
            try (Statement last = connection.createStatement();
                 ResultSet row = last.executeQuery("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                if (!row.next()) {
                    return -1L;
                }
                marks.write(connection, AuditMarks.CHECKPOINTS, "checkpoint", row.getLong(1), row.getString(2),
                        row.getString(3));
                return row.getLong(1);
            }
        });
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return query(new Query(null, null, null, null, limit));
    }

    /**
     * A filter over the log: a time range, an actor, an action prefix (e.g. {@code dsr.}), newest first.
     *
     * @param from inclusive, or null
     * @param to exclusive, or null
     */
    public record Query(Instant from, Instant to, String actor, String actionPrefix, int limit) {
        public Query {
            if (limit < 1 || limit > 10_000) {
                throw new InvalidInput("limit must be 1-10000");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new InvalidInput("\"from\" must be before \"to\"");
            }
        }
    }

    /** A staff search of the log: needs the admin or auditor role. */
    public List<AuditEntry> query(Actor actor, Query q) {
        actor.require("reading the audit log", Role.ADMIN, Role.AUDITOR);
        return query(q);
    }

    public List<AuditEntry> query(Query q) {
        StringBuilder sql = new StringBuilder(
                "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            args.add(AT.format(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            args.add(AT.format(q.to()));
        }
        if (q.actor() != null && !q.actor().isBlank()) {
            sql.append(" AND actor = ?");
            args.add(q.actor().strip());
        }
        if (q.actionPrefix() != null && !q.actionPrefix().isBlank()) {
            // Prefix match without LIKE, so '%' and '_' in the filter are plain characters.
            String prefix = q.actionPrefix().strip();
            sql.append(" AND substr(action, 1, ?) = ?");
            args.add(prefix.length());
            args.add(prefix);
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(q.limit());
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(AuditChain.entry(rows));
                    }
                }
                return entries;
            }
        });
    }

    /** Where the chain breaks: the entry's seq and what is wrong there. */
    public record Break(long seq, String reason) {
    }

    /** The result of {@link #verify()}: {@code entries} is how many entries were checked. */
    public record Verification(boolean ok, long entries, Optional<Break> brokenAt) {
    }

    /** A staff check of the whole log ({@link #verify()}): needs the admin or auditor role; audited. */
    public Verification verify(Actor actor) {
        actor.require("verifying the audit log", Role.ADMIN, Role.AUDITOR);
        Verification result = verify();
        // After the check, so the entry is not part of what it checked.
        append(actor.who(), "audit.verified", result.ok() ? "ok" : "broken at " + result.brokenAt().get().seq());
        return result;
    }

    /**
     * Checks the whole log: every entry's hash and its link to the one before, every signed checkpoint, the
     * signed head and the pruning anchor. Reads in pages so the appliance keeps working while a long log is
     * checked; entries appended meanwhile are left for next time. See {@link AuditVerifier}.
     */
    public Verification verify() {
        return verifier.verify();
    }

    /** How many entries are older than {@code cutoff} (what {@link #pruneBefore} would remove, less the newest). */
    public long countBefore(Instant cutoff) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE at < ?"
                    + " AND seq < (SELECT MAX(seq) FROM audit_log)")) {
                query.setString(1, AT.format(cutoff));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /**
     * Removes entries older than {@code cutoff} (the audit log's retention), never the newest entry. The hash of
     * the last removed entry is kept as a signed anchor, so the remaining chain still verifies.
     *
     * @return how many entries were removed
     */
    public long pruneBefore(Instant cutoff) {
        if (!marks.signing()) {
            throw new IllegalStateException("this audit log has no signing key");
        }
        return database.transaction(connection -> {
            long last;
            try (Statement s = connection.createStatement();
                 ResultSet row = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
                row.next();
                last = row.getLong(1);
            }
            long upTo;
            String hash;
            String at;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, hash, at FROM audit_log WHERE at < ? AND seq < ? ORDER BY seq DESC LIMIT 1")) {
                query.setString(1, AT.format(cutoff));
                query.setLong(2, last);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return 0L;
                    }
                    upTo = row.getLong(1);
                    hash = row.getString(2);
                    at = row.getString(3);
                }
            }
            long removed;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_log WHERE seq <= ?")) {
                delete.setLong(1, upTo);
                removed = delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM audit_checkpoints WHERE seq <= ?")) {
                delete.setLong(1, upTo);
                delete.executeUpdate();
            }
            marks.write(connection, AuditMarks.ANCHOR, "anchor", upTo, hash, at);
            return removed;
        });
    }

    /** A staff export of the log ({@link #exportJsonl(Writer, Instant, Instant)}): admin or auditor role; audited. */
    public void exportJsonl(Actor actor, Writer out, Instant from, Instant to) {
        actor.require("exporting the audit log", Role.ADMIN, Role.AUDITOR);
        append(actor.who(), "audit.exported", "jsonl");
        exportJsonl(out, from, to);
    }

    /**
     * Writes the log as JSON Lines: one object per entry with its chain fields ({@code prevHash}, {@code hash}),
     * then one {@code {"head": ...}} line with the signed head, so the export can be checked on its own.
     */
    public void exportJsonl(Writer out, Instant from, Instant to) {
        export.exportJsonl(out, from, to);
    }

    /** The text a checkpoint, head or anchor signature covers. */
    public static String statement(String kind, long seq, String hash, String at) {
        return AuditMarks.statement(kind, seq, hash, at);
    }

    /** How many entries the log holds. */
    public long size() {
        return database.read(connection -> {
            try (Statement s = connection.createStatement();
                 ResultSet row = s.executeQuery("SELECT COUNT(*) FROM audit_log")) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** The chain's hash of one entry ({@link AuditChain#hash}); tests forge entries with it. */
    static String hash(String previous, String at, String actor, String action, String target, String detail) {
        return AuditChain.hash(previous, at, actor, action, target, detail);
    }
}
