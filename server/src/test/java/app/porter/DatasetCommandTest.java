package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code porter dataset export} against a running appliance: it writes the four files, readable by their owner
 * only, and with nothing running it says so plainly.
 */
class DatasetCommandTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path exports;

    @Test
    void writesTheExportFromTheRunningAppliance() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            porter.ask(porter.startConversation(), "my e-mail is kim.lee@example.org, where is the laundry room?");
            Path out = exports.resolve("q3");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit = run(out, Map.of("PORTER_DATA_DIR", dataDir.toString(),
                    "PORTER_ADMIN_PORT", String.valueOf(porter.porter.adminPort())), printed);
            assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("1 records"), printed.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
            for (String file : new String[] {"train.jsonl", "validation.jsonl", "test.jsonl", "report.json"}) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        out.resolve(file))), file);
                assertFalse(Files.readString(out.resolve(file)).contains("kim.lee"), file);
            }
            // The folder is not empty now: a second export into it writes nothing.
            assertEquals(2, run(out, Map.of("PORTER_DATA_DIR", dataDir.toString(),
                    "PORTER_ADMIN_PORT", String.valueOf(porter.porter.adminPort())), new ByteArrayOutputStream()));
        }
    }

    @Test
    void saysPlainlyWhenNoApplianceRuns() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = run(exports.resolve("none"), Map.of("PORTER_DATA_DIR", dataDir.toString(),
                "PORTER_ADMIN_PORT", String.valueOf(freePort), "PORTER_ADMIN_TOKEN", TestPorter.ADMIN_TOKEN), printed);
        assertEquals(3, exit);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("no Porter appliance answers"), printed.toString());
    }

    private static int run(Path out, Map<String, String> env, ByteArrayOutputStream printed) {
        DatasetCommand.Export export = new DatasetCommand.Export();
        export.connection.env = new java.util.HashMap<>(env);
        export.connection.env.putIfAbsent("PORTER_ADMIN_TOKEN", TestPorter.ADMIN_TOKEN);
        PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
        export.connection.stdout = both;
        export.connection.stderr = both;
        return new CommandLine(export).execute("--out", out.toString(), "--reason", "test export");
    }
}
