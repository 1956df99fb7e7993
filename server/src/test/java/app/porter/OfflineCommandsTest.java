package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands for a stopped appliance on a data directory that the new version has not started on yet (an
 * upgrade, then a key rotation before the first start): they apply the new tables first instead of failing on them.
 */
class OfflineCommandsTest {

    @TempDir
    Path dataDir;

    @Test
    void rotateKekOnADataDirectoryFromBeforeAFeatureAppliesItsTablesFirst() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            porter.ask(porter.startConversation(), "When is rent due?");
        }
        // As if staff accounts (whose keys a rotation rewraps) had come with the upgrade.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             Statement sql = db.createStatement()) {
            sql.execute("DROP TABLE staff_recovery_codes");
            sql.execute("DROP TABLE staff");
            sql.execute("DELETE FROM schema_migrations WHERE feature = 'staff'");
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = PrivacyCommands.rotateKek(PorterConfig.load(Map.of("PORTER_DATA_DIR", dataDir.toString())),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("rotated to version 2"), printed.toString());
    }
}
