package app.porter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * What the signed head inside the database cannot show, the witness file beside the key does: a rollback to an
 * older, genuinely signed head after deleting the later entries, and a wiped log. A restored backup and a retention
 * purge are legitimate and still verify. The attacks are done as one with the file would: straight SQL.
 */
class AuditWitnessTest {

    @TempDir
    Path dataDir;

    private Database database;
    private MasterKey master;
    private AuditLog audit;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    /** The genuine signed head as it was at entry 17, kept by the attacker to put back later. */
    private Object[] headAt17;

    @BeforeEach
    void open() throws Exception {
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(List.of(Migration.of("audit", 1), Migration.of("audit", 2),
                Migration.of("privacy", 1)));
        KeyRing keys = KeyRing.open(database, master, clock);
        audit = new AuditLog(database, clock, ApplianceKey.openOrCreate(database, keys, clock),
                AuditWitness.in(dataDir));
        for (int i = 1; i <= 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            audit.append("alice", "test.action", "object-" + i);
            if (i == 17) {
                headAt17 = row("SELECT seq, hash, at, key_id, signature FROM audit_head");
            }
        }
    }

    @AfterEach
    void close() {
        database.close();
        master.close();
    }

    @Test
    void everyCommittedHeadIsInTheWitnessFile() throws Exception {
        List<String> lines = Files.readAllLines(dataDir.resolve(AuditWitness.FILE));
        assertEquals(20, lines.size());
        assertTrue(lines.getLast().startsWith("head 20 "), lines.getLast());
        assertTrue(audit.verify().ok());
    }

    @Test
    void aRollbackToAnOlderGenuinelySignedHeadIsFound() throws Exception {
        rollBackTo17();
        // Inside the database everything agrees: the chain, the (genuine) head and SQLite's sequence.
        assertTrue(new AuditLog(database, clock, null).verify().ok(), "the database alone cannot tell");
        AuditLog.Break at = assertBroken(18);
        assertTrue(at.reason().startsWith("entries 18-20 missing: the log was rolled back"), at.reason());
    }

    @Test
    void aWipedLogIsFound() throws Exception {
        sql("DELETE FROM audit_log");
        sql("DELETE FROM audit_head");
        sql("DELETE FROM audit_checkpoints");
        sql("DELETE FROM sqlite_sequence WHERE name = 'audit_log'");
        AuditLog.Break at = assertBroken(1);
        assertTrue(at.reason().startsWith("entries 1-20 missing: the log was wiped"), at.reason());
    }

    @Test
    void aRetentionPurgeIsLegitimate() {
        long pruned = audit.pruneBefore(Instant.parse("2026-03-01T09:10:30Z"));
        assertEquals(10, pruned);
        AuditLog.Verification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        clock.advance(Duration.ofMinutes(1));
        audit.append("alice", "test.after-prune", "x");
        assertTrue(audit.verify().ok());
        // Pruning everything but the newest entry is still legitimate.
        clock.advance(Duration.ofDays(1));
        audit.pruneBefore(clock.instant());
        assertTrue(audit.verify().ok(), audit.verify().toString());
    }

    @Test
    void aRestoredBackupIsReanchoredAndAuditedAndLaterRollbacksAreStillFound() throws Exception {
        rollBackTo17(); // what a restored backup taken at entry 17 looks like
        audit.restored("cli", "porter-2026-03-01.pbk", "restored the backup taken 2026-03-01T09:17:00Z");
        AuditLog.Verification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        AuditEntry restored = audit.recent(1).getFirst();
        assertEquals("privacy.backup.restored", restored.action());
        assertEquals(18, restored.seq());
        assertTrue(Files.readAllLines(dataDir.resolve(AuditWitness.FILE)).getLast().startsWith("restore 18 "));

        clock.advance(Duration.ofMinutes(1));
        audit.append("alice", "test.after-restore", "x");
        headAt17 = row("SELECT seq, hash, at, key_id, signature FROM audit_head"); // head at 19
        clock.advance(Duration.ofMinutes(1));
        audit.append("alice", "test.after-restore", "y");
        sql("DELETE FROM audit_log WHERE seq > 19");
        putHead(headAt17);
        sql("UPDATE sqlite_sequence SET seq = 19 WHERE name = 'audit_log'");
        assertTrue(assertBroken(20).reason().contains("rolled back"));
    }

    @Test
    void anEditedWitnessLineIsFound() throws Exception {
        Path file = dataDir.resolve(AuditWitness.FILE);
        List<String> lines = Files.readAllLines(file);
        // Move the anchor back to entry 17 by rewriting the last line's seq: its signature no longer matches.
        String forged = lines.getLast().replaceFirst("^head 20 ", "head 17 ");
        Files.write(file, List.of(forged));
        assertTrue(assertBroken(21).reason().contains("witness file"));
    }

    @Test
    void aMissingWitnessIsStartedAgainAndThatIsAudited() throws Exception {
        Files.delete(dataDir.resolve(AuditWitness.FILE));
        audit.startWitness();
        AuditEntry started = audit.recent(1).getFirst();
        assertEquals("audit.witness.started", started.action());
        assertTrue(Files.readAllLines(dataDir.resolve(AuditWitness.FILE)).getFirst().startsWith("head 21 "));
        assertTrue(audit.verify().ok());
        audit.startWitness(); // once only
        assertEquals(21, audit.size());
    }

    private void rollBackTo17() throws Exception {
        sql("DELETE FROM audit_log WHERE seq > 17");
        putHead(headAt17);
        sql("UPDATE sqlite_sequence SET seq = 17 WHERE name = 'audit_log'");
    }

    private void putHead(Object[] head) throws Exception {
        try (Connection c = connect(); PreparedStatement u = c.prepareStatement(
                "UPDATE audit_head SET seq = ?, hash = ?, at = ?, key_id = ?, signature = ?")) {
            for (int i = 0; i < head.length; i++) {
                u.setObject(i + 1, head[i]);
            }
            u.executeUpdate();
        }
    }

    private AuditLog.Break assertBroken(long seq) {
        AuditLog.Verification result = audit.verify();
        assertFalse(result.ok(), "tampering must be detected");
        AuditLog.Break at = result.brokenAt().orElseThrow();
        assertEquals(seq, at.seq(), at.toString());
        return at;
    }

    private Object[] row(String query) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            Object[] row = new Object[r.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.getObject(i + 1);
            }
            return row;
        }
    }

    private Connection connect() throws Exception {
        return RawSql.connect(dataDir);
    }

    private void sql(String statement) throws Exception {
        RawSql.execute(dataDir, statement);
    }
}
