package app.porter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import app.porter.Main;
import app.porter.PorterConfig;
import app.porter.PrivacyCommands;
import app.porter.TestPorter;
import app.porter.crypto.Aead;
import app.porter.crypto.Keystore;
import app.porter.crypto.TamperedDataException;

/** {@code porter backup} / {@code porter restore}: round trips, tampering, and nothing purged in a later backup. */
class BackupTest {

    @TempDir
    Path work;

    @Test
    void aBackupRestoresIntoAWorkingApplianceAndHoldsNothingErasedBeforeIt() throws Exception {
        Path dataDir = work.resolve("data");
        Path backup = work.resolve("porter.pbk");
        TestPorter.Started kept;
        TestPorter.Started erased;
        byte[] erasedCiphertext;
        try (TestPorter porter = TestPorter.start(dataDir)) {
            kept = porter.startConversation();
            porter.ask(kept, "Where can I park my car?");
            erased = porter.startConversation();
            porter.ask(erased, "Please forget me");
            erasedCiphertext = firstMessageBody(dataDir, erased.id());
            assertEquals(200, porter.delete(porter.tenant("/api/v1/conversations/" + erased.id()), erased.token())
                    .statusCode());
            porter.porter.backup(backup, "test");
        }
        assertTrue(Backups.info(backup).keystore().source() == Keystore.Source.KEY_FILE);
        byte[] sealed = Files.readAllBytes(backup);
        assertEquals(-1, EncryptionAtRestTest.indexOf(sealed, "SQLite format".getBytes(StandardCharsets.US_ASCII)),
                "the backup is encrypted");

        // Restore with the CLI entry, the key file supplied from where it is kept apart.
        Path keyCopy = work.resolve("keys/porter.key");
        Files.createDirectories(keyCopy.getParent());
        Files.copy(dataDir.resolve(Keystore.KEY_FILE), keyCopy);
        Path restored = work.resolve("restored");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, PrivacyCommands.restore(backup, restored, Optional.of(keyCopy), Optional.empty(),
                new PrintStream(out)));
        assertTrue(out.toString().contains("restored"), out.toString());

        // Nothing of the conversation erased before the backup is in the restored files: not its ciphertext, and
        // its id only in the audit log (which records the erasure, so its signed receipt can be matched).
        EncryptionAtRestTest.assertNoFileContains(restored, erasedCiphertext);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + restored.resolve("porter.db"));
             java.sql.ResultSet row = db.createStatement().executeQuery("SELECT (SELECT COUNT(*) FROM conversations"
                     + " WHERE id = '" + erased.id() + "') + (SELECT COUNT(*) FROM messages WHERE conversation_id = '"
                     + erased.id() + "')")) {
            row.next();
            assertEquals(0, row.getInt(1));
        }

        // A restore is a legitimate rollback: audited, and the witness beside the key re-anchored at it.
        assertTrue(Files.readAllLines(restored.resolve(app.porter.audit.AuditWitness.FILE)).getLast()
                .startsWith("restore "));
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + restored.resolve("porter.db"));
             java.sql.ResultSet row = db.createStatement().executeQuery("SELECT action, target FROM audit_log"
                     + " ORDER BY seq DESC LIMIT 1")) {
            row.next();
            assertEquals("privacy.backup.restored", row.getString(1));
            assertEquals("porter.pbk", row.getString(2));
        }

        ByteArrayOutputStream verify = new ByteArrayOutputStream();
        assertEquals(0, PrivacyCommands.verifyAudit(PorterConfig.load(Map.of("PORTER_DATA_DIR",
                restored.toString())), new PrintStream(verify)), verify.toString());
        assertTrue(verify.toString().startsWith("audit log intact"), verify.toString());
        // The same through the command line the launcher runs.
        assertEquals(0, new CommandLine(new Main()).execute("verify-audit", "--data-dir", restored.toString()));

        try (TestPorter porter = TestPorter.start(restored)) {
            String history = porter.get(porter.tenant("/api/v1/conversations/" + kept.id() + "/messages"),
                    kept.token()).body();
            assertTrue(history.contains("Where can I park my car?"), history);
            assertEquals(404, porter.get(porter.tenant("/api/v1/conversations/" + erased.id() + "/messages"),
                    erased.token()).statusCode());
        }
    }

    @Test
    void aTamperedTruncatedOrForeignBackupIsRefusedAndTheTargetLeftEmpty() throws Exception {
        Path dataDir = work.resolve("data");
        Path backup = work.resolve("porter.pbk");
        try (TestPorter porter = TestPorter.start(dataDir)) {
            porter.ask(porter.startConversation(), "hello");
            porter.porter.backup(backup, "test");
        }
        Path keyFile = dataDir.resolve(Keystore.KEY_FILE);
        byte[] good = Files.readAllBytes(backup);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 1;
        assertRefused(flipped, keyFile, TamperedDataException.class);
        assertRefused(Arrays.copyOf(good, good.length - 40), keyFile, TamperedDataException.class);

        Path otherKey = work.resolve("other.key");
        Files.writeString(otherKey, java.util.Base64.getEncoder().encodeToString(Aead.newKey()));
        assertRefused(good, otherKey, Keystore.KeystoreException.class);
    }

    @Test
    void aPassphraseApplianceBacksUpAndRestoresWithThePassphrase() throws Exception {
        Path dataDir = work.resolve("data");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "a long and winding passphrase\n");
        Path backup = work.resolve("porter.pbk");
        TestPorter.Started conversation;
        try (TestPorter porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_PASSPHRASE_FILE", passphrase.toString()))) {
            conversation = porter.startConversation();
            porter.ask(conversation, "Is there a gym?");
            porter.porter.backup(backup, "test");
        }
        assertFalse(Files.exists(dataDir.resolve(Keystore.KEY_FILE)));
        Path restored = work.resolve("restored");
        Path wrong = work.resolve("wrong");
        Files.writeString(wrong, "not the passphrase at all");
        assertThrows(Keystore.KeystoreException.class, () -> Backups.restore(backup, restored, null,
                Keystore.readPassphraseFile(wrong)));
        Backups.restore(backup, restored, null, Keystore.readPassphraseFile(passphrase));
        try (TestPorter porter = TestPorter.start(restored, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_PASSPHRASE_FILE", passphrase.toString()))) {
            assertTrue(porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                    conversation.token()).body().contains("Is there a gym?"));
        }
        // Starting the restored appliance without its passphrase is a plain error.
        Exception e = assertThrows(Keystore.KeystoreException.class, () -> TestPorter.start(restored));
        assertTrue(e.getMessage().contains("PORTER_PASSPHRASE_FILE"), e.getMessage());
    }

    private static byte[] firstMessageBody(Path dataDir, String conversationId) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             java.sql.ResultSet row = db.createStatement().executeQuery(
                     "SELECT body FROM messages WHERE conversation_id = '" + conversationId + "' LIMIT 1")) {
            row.next();
            return row.getBytes(1);
        }
    }

    private void assertRefused(byte[] backupBytes, Path keyFile, Class<? extends Exception> expected)
            throws Exception {
        Path damaged = work.resolve("damaged.pbk");
        Files.write(damaged, backupBytes);
        Path target = work.resolve("target-" + System.nanoTime());
        assertThrows(expected, () -> Backups.restore(damaged, target, keyFile, null));
        assertFalse(Files.exists(target.resolve(Keystore.DATABASE_FILE)), "nothing restored from a bad backup");
        try (var files = Files.list(target)) {
            assertEquals(Optional.empty(), files.findAny(), "the target is left empty");
        }
    }
}
