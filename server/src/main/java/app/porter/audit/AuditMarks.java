package app.porter.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.crypto.Signer;

/**
 * The signed marks that let the audit chain show what a chain alone cannot: the signed head (the newest entry,
 * re-signed on every append, so a cut-off end shows), the checkpoints (every
 * {@value AuditLog#CHECKPOINT_INTERVAL} entries and daily, so a wholesale rewrite shows) and the pruning anchor
 * (the last removed entry, so the chain still verifies after retention). Each lives in its own table and signs the
 * same {@linkplain #statement statement}.
 */
final class AuditMarks {

    static final String HEAD = "audit_head";
    static final String CHECKPOINTS = "audit_checkpoints";
    static final String ANCHOR = "audit_anchor";

    /** A signed head, checkpoint or anchor. */
    record SignedMark(long seq, String hash, String at, String keyId, byte[] signature) {
    }

    /** Null for a log that only reads: then nothing is signed and signatures are not checked. */
    private final Signer signer;

    AuditMarks(Signer signer) {
        this.signer = signer;
    }

    /** Whether this log holds the appliance key (appends are signed, signatures are checked). */
    boolean signing() {
        return signer != null;
    }

    /** The text a checkpoint, head or anchor signature covers. */
    static String statement(String kind, long seq, String hash, String at) {
        return "porter-audit/v1 " + kind + " " + seq + " " + hash + " " + at;
    }

    /** Signs and stores a mark of {@code kind} in {@code table} (replaces the one head or anchor row); returns it. */
    SignedMark write(Connection connection, String table, String kind, long seq, String hash, String at)
            throws SQLException {
        byte[] signature = signer.sign(statement(kind, seq, hash, at).getBytes(StandardCharsets.UTF_8));
        String sql = table.equals(CHECKPOINTS)
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
        return new SignedMark(seq, hash, at, signer.keyId(), signature);
    }

    boolean valid(String kind, SignedMark mark) {
        if (signer == null) {
            return true; // a read-only tool without the key checks the chain only
        }
        return signer.keyId().equals(mark.keyId()) && signer.verify(
                statement(kind, mark.seq(), mark.hash(), mark.at()).getBytes(StandardCharsets.UTF_8), mark.signature());
    }

    static Optional<SignedMark> head(Connection connection) throws SQLException {
        return read(connection, HEAD);
    }

    static Optional<SignedMark> anchor(Connection connection) throws SQLException {
        return read(connection, ANCHOR);
    }

    /** The head or the anchor (tables of at most one row). */
    static Optional<SignedMark> read(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet row = s.executeQuery("SELECT seq, hash, at, key_id, signature FROM " + table + " WHERE id = 1")) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new SignedMark(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getBytes(5)));
        }
    }

    /** Every signed checkpoint, oldest first. */
    static List<SignedMark> checkpoints(Connection connection) throws SQLException {
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
    }
}
