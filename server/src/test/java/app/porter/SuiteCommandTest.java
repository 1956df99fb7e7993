package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code porter suite run} against a running appliance: the shipped suite (here the copy placed in the data
 * folder on first start) passes with exit 0 and a PASS line per scenario; a broken file is exit 2 with the
 * reason; with nothing running it is exit 3 and says so.
 */
class SuiteCommandTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    @Test
    void theShippedSuitePassesAndABrokenFileIsRefused() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            Map<String, String> env = Map.of("PORTER_DATA_DIR", dataDir.toString(),
                    "PORTER_ADMIN_PORT", String.valueOf(porter.porter.adminPort()));
            Path shipped = dataDir.resolve("suites/maple-court.yaml");
            assertTrue(Files.isRegularFile(shipped), "the first start copies the shipped suite into the data folder");

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit = run(env, printed, shipped.toString());
            String out = printed.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, out);
            long scenarios = Files.readAllLines(shipped).stream().filter(l -> l.startsWith("  - name:")).count();
            assertEquals(scenarios, out.lines().filter(l -> l.strip().startsWith("PASS  ")).count(), out);
            assertTrue(out.contains(scenarios + " of " + scenarios + " scenarios passed"), out);

            Path broken = files.resolve("broken.yaml");
            Files.writeString(broken, "property: maple-court\nscenarios:\n  - name: broken\n    turns:\n"
                    + "      - expect: {mode: extractive}\n");
            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            assertEquals(2, run(env, refused, broken.toString()));
            String reason = refused.toString(StandardCharsets.UTF_8);
            assertTrue(reason.contains("broken.yaml") && reason.contains("turn 1 has nothing to 'say'"), reason);
        }
    }

    @Test
    void saysPlainlyWhenNoApplianceRuns() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = run(Map.of("PORTER_DATA_DIR", dataDir.toString(), "PORTER_ADMIN_PORT", String.valueOf(freePort)),
                printed, "maple-court");
        assertEquals(3, exit);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("no Porter appliance answers"), printed.toString());
    }

    private static int run(Map<String, String> env, ByteArrayOutputStream printed, String file) {
        SuiteCommand.Run run = new SuiteCommand.Run();
        run.connection.env = new HashMap<>(env);
        run.connection.env.putIfAbsent("PORTER_ADMIN_TOKEN", TestPorter.ADMIN_TOKEN);
        PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
        run.connection.stdout = both;
        run.connection.stderr = both;
        return new CommandLine(run).execute(file);
    }
}
