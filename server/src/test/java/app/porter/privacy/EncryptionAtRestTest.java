package app.porter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;
import app.porter.crypto.Keystore;

/** What a tenant writes never lands on disk in plaintext: not in the database, its WAL, or anywhere in the data dir. */
class EncryptionAtRestTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path tmpDir;

    @Test
    void aMarkerSentByATenantNeverAppearsInTheDataDirectoryTempFilesBackupsOrLogs() throws Exception {
        String marker = "ZEBRA-MARKER-7f3a9c";
        String previousTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmpDir.toString());
        // Every log record of every logger, formatted the way the console handler would.
        StringBuilder logs = new StringBuilder();
        Handler capture = new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public synchronized void publish(LogRecord record) {
                logs.append(format.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        Path backup = tmpDir.resolve("porter.pbk");
        try (TestPorter porter = TestPorter.start(dataDir)) {
            TestPorter.Started conversation = porter.startConversation();
            porter.ask(conversation, "My name is " + marker + " and my sink is leaking");
            porter.askStreaming(conversation, "Please call " + marker + " back about parking");
            porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/export"), conversation.token());
            porter.adminGet("/api/admin/v1/conversations/" + conversation.id() + "?reason=checking+a+complaint");

            // While running: the WAL holds the newest pages.
            assertTrue(Files.exists(dataDir.resolve("porter.db-wal")), "WAL mode");
            assertNoFileContains(dataDir, marker);
            assertNoFileContains(tmpDir, marker);

            // The tenant still reads their own words back, decrypted.
            String history = porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                    conversation.token()).body();
            assertTrue(history.contains(marker));

            porter.porter.backup(backup, "test");
            assertNoFileContains(tmpDir, marker);
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
            System.setProperty("java.io.tmpdir", previousTmp);
        }
        // After shutdown, the WAL has been checkpointed into the main file.
        assertNoFileContains(dataDir, marker);
        // Restored (decrypted) backup: the database inside holds the marker only as ciphertext too.
        Path restored = tmpDir.resolve("restored");
        Backups.restore(backup, restored, dataDir.resolve(Keystore.KEY_FILE), null);
        assertNoFileContains(restored, marker);
        assertTrue(logs.length() > 0, "log records were captured");
        assertFalse(logs.toString().contains(marker), "the marker reached a log line");
        String key = Files.readString(dataDir.resolve(Keystore.KEY_FILE)).strip();
        assertFalse(logs.toString().contains(key), "the master key reached a log line");
    }

    @Test
    void keyFileIsOwnerOnlyAndOutsideTheDatabase() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            porter.ask(porter.startConversation(), "hello");
        }
        Path keyFile = dataDir.resolve("porter.key");
        assertTrue(Files.exists(keyFile));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(keyFile));
        String key = Files.readString(keyFile).strip();
        assertNoFileContains(dataDir, key, keyFile);

        // The message column is ciphertext: nonce + data + tag, never UTF-8 text of the message.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet rows = db.createStatement().executeQuery("SELECT body FROM messages")) {
            int count = 0;
            while (rows.next()) {
                byte[] body = rows.getBytes(1);
                assertFalse(new String(body, StandardCharsets.ISO_8859_1).contains("hello"));
                assertTrue(body.length >= 12 + 16);
                count++;
            }
            assertEquals(2, count);
        }
    }

    @Test
    void theSameKeyFileReadsOldConversationsAfterARestart() throws Exception {
        TestPorter.Started conversation;
        try (TestPorter porter = TestPorter.start(dataDir)) {
            conversation = porter.startConversation();
            porter.ask(conversation, "Where do I put recycling?");
        }
        try (TestPorter porter = TestPorter.start(dataDir)) {
            String history = porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                    conversation.token()).body();
            assertTrue(history.contains("Where do I put recycling?"), history);
        }
    }

    static void assertNoFileContains(Path dir, String marker, Path... except) throws IOException {
        assertNoFileContains(dir, marker.getBytes(StandardCharsets.UTF_8), except);
    }

    static void assertNoFileContains(Path dir, byte[] needle, Path... except) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            if (List.of(except).contains(file)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            assertFalse(indexOf(bytes, needle) >= 0, "found in " + file);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
