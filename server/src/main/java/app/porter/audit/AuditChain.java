package app.porter.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import app.porter.store.Database;

/**
 * The hash chain's format and how it is read back in order: the canonical text an entry's hash covers, the stored
 * timestamp format, and paged reads of {@code audit_log} for the verifier and the export. Appending, verifying
 * and exporting all go through here, so the chain has one definition.
 */
final class AuditChain {

    /** The previous hash of the very first entry (and of the first after a prune without an anchor). */
    static final String GENESIS = "0".repeat(64);
    /** Entries per read when walking the whole log, so the appliance keeps working meanwhile. */
    static final int PAGE = 5000;
    /** Fixed width, so that the text order of stored timestamps is their time order. */
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Database database;

    AuditChain(Database database) {
        this.database = database;
    }

    /**
     * An entry with its timestamp exactly as stored: verification must hash that text (entries written before
     * timestamps had a fixed width used {@link Instant#toString()}).
     */
    record Raw(AuditEntry entry, String at) {
    }

    /**
     * Up to {@value #PAGE} entries with {@code after < seq <= upTo}, oldest first, optionally within
     * {@code [from, to)} (either may be null).
     */
    List<Raw> page(long after, long upTo, Instant from, Instant to) {
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
                        entries.add(new Raw(entry(rows), rows.getString(2)));
                    }
                }
                return entries;
            }
        });
    }

    /** The stored hash of entry {@code seq}, or null when there is no such entry. */
    String hashAt(long seq) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
                query.setLong(1, seq);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    /** Reads a row selected as {@code seq, at, actor, action, target, detail, prev_hash, hash}. */
    static AuditEntry entry(ResultSet rows) throws SQLException {
        return new AuditEntry(rows.getLong(1), Instant.parse(rows.getString(2)), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8));
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
