package app.porter.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

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
 */
public final class AuditLog {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("audit", 1), Migration.of("audit", 2));
    public static final int CHECKPOINT_INTERVAL = 1000;
    /** Looked up once (JSON.createObjectBuilder() runs a ServiceLoader lookup per call): export writes a line per entry. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String GENESIS = "0".repeat(64);
    private static final int PAGE = 5000;
    /** Fixed width, so that the text order of stored timestamps is their time order. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Database database;
    private final Clock clock;
    private final Signer signer;

    /** A log that can read and verify but whose appends are not signed (tools that only read). */
    public AuditLog(Database database, Clock clock) {
        this(database, clock, null);
    }

    public AuditLog(Database database, Clock clock, Signer signer) {
        this.database = database;
        this.clock = clock;
        this.signer = signer;
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
        String previous = GENESIS;
        try (Statement last = connection.createStatement();
             ResultSet row = last.executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
            if (row.next()) {
                previous = row.getString(1);
            } else {
                previous = anchor(connection).map(SignedMark::hash).orElse(GENESIS);
            }
        }
        String at = AT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String hash = hash(previous, at, actor, action, target, detail);
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
        if (signer != null) {
            writeMark(connection, "audit_head", "head", seq, hash, at);
            if (seq % CHECKPOINT_INTERVAL == 0) {
                writeMark(connection, "audit_checkpoints", "checkpoint", seq, hash, at);
            }
        }
        return new AuditEntry(seq, Instant.parse(at), actor, action, target, detail, previous, hash);
    }

    /** Signs a checkpoint at the newest entry (the daily checkpoint); returns its seq, or -1 for an empty log. */
    public long checkpoint() {
        if (signer == null) {
            throw new IllegalStateException("this audit log has no signing key");
        }
        return database.transaction(connection -> {
            try (Statement last = connection.createStatement();
                 ResultSet row = last.executeQuery("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                if (!row.next()) {
                    return -1L;
                }
                writeMark(connection, "audit_checkpoints", "checkpoint", row.getLong(1), row.getString(2),
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
                        entries.add(entry(rows));
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
     * signed head and the pruning anchor. Reads in pages of {@value #PAGE} so the appliance keeps working while
     * a long log is checked; entries appended meanwhile (after the head read at the start) are left for next time.
     */
    public Verification verify() {
        // One read under the lock, so the head and the last entry are of the same moment; entries appended while
        // the check runs are after lastSeq and left for the next run.
        Object[] start = database.read(connection -> {
            try (Statement s = connection.createStatement();
                 ResultSet row = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
                row.next();
                long last = row.getLong(1);
                long highest = 0;
                try (ResultSet seq = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")) {
                    if (seq.next()) {
                        highest = seq.getLong(1);
                    }
                }
                return new Object[] {mark(connection, "audit_head").orElse(null), anchor(connection).orElse(null),
                        last, highest};
            }
        });
        SignedMark head = (SignedMark) start[0];
        SignedMark anchor = (SignedMark) start[1];
        long until = (Long) start[2];
        long highest = (Long) start[3];
        if (anchor != null && !signatureValid("anchor", anchor)) {
            return broken(0, anchor.seq() + 1, "the pruning anchor's signature is invalid");
        }
        String expectedPrev = anchor == null ? GENESIS : anchor.hash();
        long expectedSeq = anchor == null ? 1 : anchor.seq() + 1;
        long checked = 0;
        long after = anchor == null ? 0 : anchor.seq();
        String lastHash = null;
        long lastChecked = after;
        while (true) {
            List<Raw> page = page(after, until, null, null);
            if (page.isEmpty()) {
                break;
            }
            for (Raw r : page) {
                AuditEntry e = r.entry();
                if (!e.prevHash().equals(expectedPrev)) {
                    return broken(checked, e.seq(), e.seq() != expectedSeq
                            ? "entries " + expectedSeq + "-" + (e.seq() - 1) + " are missing (deleted)"
                            : "does not follow the entry before it (an entry before it was deleted, altered or"
                            + " moved)");
                }
                String recomputed = hash(e.prevHash(), r.at(), e.actor(), e.action(), e.target(), e.detail());
                if (!recomputed.equals(e.hash())) {
                    return broken(checked, e.seq(), "this entry was altered (its hash does not match its content)");
                }
                expectedPrev = e.hash();
                expectedSeq = e.seq() + 1;
                lastHash = e.hash();
                lastChecked = e.seq();
                checked++;
            }
            after = page.getLast().entry().seq();
        }
        // Signed checkpoints must match the entries they name.
        List<SignedMark> checkpoints = database.read(connection -> {
            List<SignedMark> marks = new ArrayList<>();
            try (Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery(
                         "SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq")) {
                while (rows.next()) {
                    marks.add(new SignedMark(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getBytes(5)));
                }
            }
            return marks;
        });
        for (SignedMark checkpoint : checkpoints) {
            if (anchor != null && checkpoint.seq() <= anchor.seq()) {
                continue;
            }
            if (!signatureValid("checkpoint", checkpoint)) {
                return broken(checked, checkpoint.seq(), "the signed checkpoint at this entry has an invalid "
                        + "signature");
            }
            if (checkpoint.seq() > lastChecked) {
                if (head == null || checkpoint.seq() <= head.seq()) {
                    return broken(checked, lastChecked + 1, "the log was truncated: a signed checkpoint names entry "
                            + checkpoint.seq() + " but the log ends at " + lastChecked);
                }
                continue;
            }
            String stored = hashAt(checkpoint.seq());
            if (!checkpoint.hash().equals(stored)) {
                return broken(checked, checkpoint.seq(), "does not match the signed checkpoint for this entry "
                        + "(the log was rewritten from here or earlier)");
            }
        }
        if (signer != null || head != null) {
            if (head == null) {
                if (checked > 0) {
                    return broken(checked, lastChecked, "the signed head is missing");
                }
                if (anchor != null) {
                    // Pruning always keeps the newest entry: an anchor with nothing after it was cut off.
                    return broken(checked, anchor.seq() + 1, "the log was truncated: nothing follows the pruning"
                            + " anchor and the signed head is missing");
                }
            } else {
                if (!signatureValid("head", head)) {
                    return broken(checked, head.seq(), "the signed head's signature is invalid");
                }
                if (head.seq() > lastChecked) {
                    return broken(checked, lastChecked + 1, "the log was truncated: the signed head names entry "
                            + head.seq() + " but the log ends at " + lastChecked);
                }
                if (head.seq() < lastChecked) {
                    return broken(checked, head.seq() + 1, "entries after the signed head (" + head.seq()
                            + ") were not written by Porter");
                }
                if (!head.hash().equals(lastHash)) {
                    return broken(checked, head.seq(), "does not match the signed head (the log was rewritten)");
                }
            }
        }
        // SQLite remembers the largest seq it ever handed out (AUTOINCREMENT): a cheap, unsigned second witness.
        if (highest > lastChecked) {
            return broken(checked, lastChecked + 1, "the log was truncated: entry " + highest + " was written but"
                    + " the log ends at " + lastChecked);
        }
        return new Verification(true, checked, Optional.empty());
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
        if (signer == null) {
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
            writeMark(connection, "audit_anchor", "anchor", upTo, hash, at);
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
        long after = 0;
        try {
            while (true) {
                List<Raw> page = page(after, Long.MAX_VALUE, from, to);
                if (page.isEmpty()) {
                    break;
                }
                for (Raw r : page) {
                    AuditEntry e = r.entry();
                    JsonObjectBuilder line = JSON.createObjectBuilder()
                            .add("seq", e.seq())
                            .add("at", r.at())
                            .add("actor", e.actor())
                            .add("action", e.action())
                            .add("target", e.target());
                    if (e.detail() != null) {
                        line.add("detail", e.detail());
                    }
                    out.write(line.add("prevHash", e.prevHash()).add("hash", e.hash()).build().toString());
                    out.write('\n');
                }
                after = page.getLast().entry().seq();
            }
            Optional<SignedMark> head = database.read(connection -> mark(connection, "audit_head"));
            if (head.isPresent()) {
                SignedMark h = head.get();
                out.write(JSON.createObjectBuilder().add("head", JSON.createObjectBuilder()
                        .add("seq", h.seq()).add("hash", h.hash()).add("at", h.at()).add("keyId", h.keyId())
                        .add("signed", statement("head", h.seq(), h.hash(), h.at()))
                        .add("signature", Base64.getEncoder().encodeToString(h.signature()))).build().toString());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text a checkpoint, head or anchor signature covers. */
    public static String statement(String kind, long seq, String hash, String at) {
        return "porter-audit/v1 " + kind + " " + seq + " " + hash + " " + at;
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

    /** A signed head, checkpoint or anchor. */
    private record SignedMark(long seq, String hash, String at, String keyId, byte[] signature) {
    }

    private void writeMark(Connection connection, String table, String kind, long seq, String hash, String at)
            throws SQLException {
        byte[] signature = signer.sign(statement(kind, seq, hash, at).getBytes(StandardCharsets.UTF_8));
        String sql = table.equals("audit_checkpoints")
                ? "INSERT OR REPLACE INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)"
                : "INSERT OR REPLACE INTO " + table + " (id, seq, hash, at, key_id, signature) VALUES (1, ?, ?, ?, ?, ?)";
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setLong(1, seq);
            upsert.setString(2, hash);
            upsert.setString(3, at);
            upsert.setString(4, signer.keyId());
            upsert.setBytes(5, signature);
            upsert.executeUpdate();
        }
    }

    private boolean signatureValid(String kind, SignedMark mark) {
        if (signer == null) {
            return true; // a read-only tool without the key checks the chain only
        }
        return signer.keyId().equals(mark.keyId()) && signer.verify(
                statement(kind, mark.seq(), mark.hash(), mark.at()).getBytes(StandardCharsets.UTF_8), mark.signature());
    }

    private static Optional<SignedMark> anchor(Connection connection) throws SQLException {
        return mark(connection, "audit_anchor");
    }

    private static Optional<SignedMark> mark(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet row = s.executeQuery("SELECT seq, hash, at, key_id, signature FROM " + table + " WHERE id = 1")) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new SignedMark(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getBytes(5)));
        }
    }

    /**
     * Up to {@value #PAGE} entries with {@code after < seq <= upTo}, oldest first, optionally within
     * {@code [from, to)} (either may be null).
     */
    private List<Raw> page(long after, long upTo, Instant from, Instant to) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log"
                            + " WHERE seq > ? AND seq <= ? AND (? IS NULL OR at >= ?) AND (? IS NULL OR at < ?)"
                            + " ORDER BY seq LIMIT " + PAGE)) {
                String fromAt = from == null ? null : AT.format(from);
                String toAt = to == null ? null : AT.format(to);
                query.setLong(1, after);
                query.setLong(2, upTo);
                query.setString(3, fromAt);
                query.setString(4, fromAt);
                query.setString(5, toAt);
                query.setString(6, toAt);
                List<Raw> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(raw(rows));
                    }
                }
                return entries;
            }
        });
    }

    private String hashAt(long seq) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
                query.setLong(1, seq);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    private static Verification broken(long checked, long seq, String reason) {
        return new Verification(false, checked, Optional.of(new Break(seq, reason)));
    }

    private static AuditEntry entry(ResultSet rows) throws SQLException {
        return new AuditEntry(rows.getLong(1), Instant.parse(rows.getString(2)), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8));
    }

    /**
     * An entry with its timestamp exactly as stored: verification must hash that text (entries written before
     * timestamps had a fixed width used {@link Instant#toString()}).
     */
    private record Raw(AuditEntry entry, String at) {
    }

    private static Raw raw(ResultSet rows) throws SQLException {
        return new Raw(entry(rows), rows.getString(2));
    }

    static String hash(String previous, String at, String actor, String action, String target, String detail) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Unit separators keep field boundaries unambiguous ("ab","c" never hashes like "a","bc"). Entries
            // without detail hash exactly as before the detail column existed.
            String canonical = String.join("\u001f", previous, at, actor, action, target);
            if (detail != null) {
                canonical = canonical + "\u001f" + detail;
            }
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
