package app.porter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * Every way of tampering with the audit log that the issue names (edit, delete, reorder, truncate), plus a
 * wholesale rewrite with recomputed hashes, is found by {@link AuditLog#verify()}, which names the entry where the
 * log breaks. Tampering is done the way an attacker with the file would: straight SQL on the SQLite file.
 */
class AuditVerifyTest {

    @TempDir
    Path dataDir;

    private Database database;
    private MasterKey master;
    private AuditLog audit;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(List.of(new Migration("audit", 1, "/db/audit/V1.sql"),
                new Migration("audit", 2, "/db/audit/V2.sql"), Migration.of("privacy", 1)));
        KeyRing keys = KeyRing.open(database, master, clock);
        audit = new AuditLog(database, clock, ApplianceKey.openOrCreate(database, keys, clock));
        for (int i = 1; i <= 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            audit.append("alice", "test.action", "object-" + i, i % 3 == 0 ? "reason " + i : null);
        }
    }

    @AfterEach
    void close() {
        database.close();
        master.close();
    }

    @Test
    void anUntouchedLogVerifies() {
        AuditLog.Verification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        assertEquals(20, result.entries());
    }

    @Test
    void anEditedEntryIsFoundAndNamed() throws Exception {
        sql("UPDATE audit_log SET target = 'object-999' WHERE seq = 7");
        assertBrokenAt(7, "altered");
    }

    @Test
    void anEditedReasonIsFound() throws Exception {
        sql("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 9");
        assertBrokenAt(9, "altered");
    }

    @Test
    void aDeletedEntryIsFoundAtTheEntryAfterIt() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 5");
        AuditLog.Break at = assertBrokenAt(6, "missing");
        assertTrue(at.reason().contains("5"), at.reason());
    }

    @Test
    void reorderedEntriesAreFound() throws Exception {
        // Swap the content of entries 10 and 11 (seq is the row's identity, so a reorder moves content).
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            String cols = "at, actor, action, target, detail, prev_hash, hash";
            Object[][] rows = new Object[2][];
            for (int i = 0; i < 2; i++) {
                try (ResultSet r = c.createStatement().executeQuery("SELECT " + cols + " FROM audit_log WHERE seq = "
                        + (10 + i))) {
                    r.next();
                    rows[i] = new Object[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7)};
                }
            }
            for (int i = 0; i < 2; i++) {
                try (PreparedStatement u = c.prepareStatement("UPDATE audit_log SET at = ?, actor = ?, action = ?,"
                        + " target = ?, detail = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                    Object[] row = rows[1 - i];
                    for (int j = 0; j < row.length; j++) {
                        u.setObject(j + 1, row[j]);
                    }
                    u.setInt(8, 10 + i);
                    u.executeUpdate();
                }
            }
            c.commit();
        }
        assertBrokenAt(10, "does not follow");
    }

    @Test
    void aTruncatedLogIsFoundThroughTheSignedHead() throws Exception {
        sql("DELETE FROM audit_log WHERE seq > 17");
        AuditLog.Break at = assertBrokenAt(18, "truncated");
        assertTrue(at.reason().contains("20"), at.reason());
    }

    @Test
    void truncationIsFoundEvenWhenTheHeadAndSqliteSequenceAreRolledBack() throws Exception {
        // A thorough attacker also deletes the signed head and resets the AUTOINCREMENT counter.
        sql("DELETE FROM audit_log WHERE seq > 17");
        sql("DELETE FROM audit_head");
        sql("UPDATE sqlite_sequence SET seq = 17 WHERE name = 'audit_log'");
        assertBrokenAt(17, "head is missing");
    }

    @Test
    void aRewrittenChainWithRecomputedHashesIsFoundThroughTheSignedHead() throws Exception {
        // Edit entry 12 and recompute every hash after it, so the chain itself is consistent again.
        sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 12");
        try (Connection c = connect()) {
            String prev;
            try (ResultSet r = c.createStatement().executeQuery("SELECT hash FROM audit_log WHERE seq = 11")) {
                r.next();
                prev = r.getString(1);
            }
            for (int seq = 12; seq <= 20; seq++) {
                try (ResultSet r = c.createStatement().executeQuery(
                        "SELECT at, actor, action, target, detail FROM audit_log WHERE seq = " + seq)) {
                    r.next();
                    String hash = AuditLog.hash(prev, r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5));
                    try (PreparedStatement u = c.prepareStatement(
                            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                        u.setString(1, prev);
                        u.setString(2, hash);
                        u.setInt(3, seq);
                        u.executeUpdate();
                    }
                    prev = hash;
                }
            }
        }
        assertBrokenAt(20, "signed head");
    }

    @Test
    void entriesAppendedBehindPortersBackAreFound() throws Exception {
        // A forged entry that chains correctly but was never signed into the head.
        String prev;
        try (Connection c = connect()) {
            try (ResultSet r = c.createStatement().executeQuery("SELECT hash FROM audit_log WHERE seq = 20")) {
                r.next();
                prev = r.getString(1);
            }
            String at = "2026-03-01T10:00:00.000Z";
            try (PreparedStatement i = c.prepareStatement("INSERT INTO audit_log (at, actor, action, target,"
                    + " prev_hash, hash) VALUES (?, 'mallory', 'x', 'y', ?, ?)")) {
                i.setString(1, at);
                i.setString(2, prev);
                i.setString(3, AuditLog.hash(prev, at, "mallory", "x", "y", null));
                i.executeUpdate();
            }
        }
        assertBrokenAt(21, "not written by Porter");
    }

    @Test
    void aForgedHeadSignatureIsFound() throws Exception {
        sql("UPDATE audit_head SET signature = zeroblob(64)");
        assertBrokenAt(20, "signature");
    }

    @Test
    void checkpointsAreSignedAndPruningKeepsTheRestVerifiable() {
        assertEquals(20, audit.checkpoint());
        // Retention prunes entries older than the cutoff behind a signed anchor; the rest still verifies.
        long pruned = audit.pruneBefore(Instant.parse("2026-03-01T09:10:30Z"));
        assertEquals(10, pruned);
        AuditLog.Verification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        assertEquals(10, result.entries());
        clock.advance(Duration.ofMinutes(1));
        audit.append("alice", "test.after-prune", "x");
        assertTrue(audit.verify().ok());
    }

    @Test
    void queriesFilterByTimeActorAndActionAndExportCarriesTheChain() {
        audit.append("bob", "dsr.exported", "conv-1", "tenant asked");
        List<AuditEntry> bobs = audit.query(new AuditLog.Query(null, null, "bob", "dsr.", 100));
        assertEquals(1, bobs.size());
        assertEquals("tenant asked", bobs.getFirst().detail());
        List<AuditEntry> window = audit.query(new AuditLog.Query(Instant.parse("2026-03-01T09:05:00Z"),
                Instant.parse("2026-03-01T09:08:00Z"), null, null, 100));
        assertEquals(List.of(7L, 6L, 5L), window.stream().map(AuditEntry::seq).toList());

        StringWriter out = new StringWriter();
        audit.exportJsonl(out, null, null);
        String[] lines = out.toString().split("\n");
        assertEquals(22, lines.length, "21 entries and the signed head");
        assertTrue(lines[0].contains("\"prevHash\":\"" + "0".repeat(64) + "\""), lines[0]);
        assertTrue(lines[21].startsWith("{\"head\":"), lines[21]);
        assertTrue(lines[21].contains("\"signature\""));
    }

    @Test
    void verifiesALogWrittenWithoutSigningAsAChainOnly() {
        AuditLog unsigned = new AuditLog(database, Clock.systemUTC());
        assertTrue(unsigned.verify().ok());
    }

    private AuditLog.Break assertBrokenAt(long seq, String reasonPart) {
        AuditLog.Verification result = audit.verify();
        assertFalse(result.ok(), "tampering must be detected");
        AuditLog.Break at = result.brokenAt().orElseThrow();
        assertEquals(seq, at.seq(), at.toString());
        assertTrue(at.reason().contains(reasonPart), at.reason());
        return at;
    }

    private Connection connect() throws Exception {
        return RawSql.connect(dataDir);
    }

    private void sql(String statement) throws Exception {
        RawSql.execute(dataDir, statement);
    }
}
