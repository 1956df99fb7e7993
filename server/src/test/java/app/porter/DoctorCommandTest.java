package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.porter.doctor.Doctor;
import app.porter.doctor.DoctorReport;
import app.porter.doctor.Finding;
import app.porter.models.ModelManifest;

/** {@code porter doctor} on a real appliance's data directory: healthy, running, then broken in each way it names. */
class DoctorCommandTest {

    /** TEST-NET-1: never routed, so the probe in these tests reaches nobody. */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("192.0.2.1", 9);

    @TempDir
    Path dir;

    @Test
    void aHealthyDataDirPassesWhileRunningAndStopped() throws Exception {
        Path data = dir.resolve("data");
        GreenMail relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (TestPorter porter = TestPorter.start(data)) {
            installModel(data);
            Map<String, String> env = env(data, porter.porter.tenantPort(), porter.porter.adminPort(),
                    Math.max(0, porter.porter.consolePort()));
            env.put("PORTER_SMTP_HOST", "127.0.0.1");
            env.put("PORTER_SMTP_PORT", Integer.toString(relay.getSmtp().getPort()));
            List<Finding> running = DoctorCommand.examine(env, NOWHERE);
            String report = DoctorReport.plain(running);
            assertEquals(0, Doctor.exitCode(running), report);
            for (String check : List.of("data directory", "disk space", "key file", "keystore", "audit log",
                    "knowledge index", "model files", "port tenant", "port admin", "port console", "smtp relay")) {
                assertEquals(Finding.Status.OK, status(running, check), report);
            }
            assertTrue(detail(running, "port tenant").contains("in use by Porter"), report);
            assertTrue(detail(running, "model files").contains("tiny"), report);
            assertTrue(detail(running, "smtp relay").contains("220"), report);
            // No sandbox here: the probe cannot be proven blocked, but it must not be reported as open.
            assertNotEquals(Finding.Status.FAIL, status(running, "outbound traffic"), report);
            assertTrue(DoctorReport.json(running).startsWith("{\"healthy\":true"), DoctorReport.json(running));
        } finally {
            relay.stop();
        }
        List<Finding> stopped = DoctorCommand.examine(env(data, 0, 0, 0), NOWHERE);
        assertEquals(0, Doctor.exitCode(stopped), DoctorReport.plain(stopped));
    }

    @Test
    void aBrokenDataDirFailsNamingEachProblem() throws Exception {
        Path data = dir.resolve("data");
        TestPorter.start(data).close();
        installModel(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("porter.key"), PosixFilePermissions.fromString("rw-r--r--"));
        sql(data, "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 2");
        Files.writeString(data.resolve("models/tiny/weights.bin"), "changed after install");
        try (Stream<Path> files = Files.list(data.resolve("knowledge/index"))) {
            Path segment = files.filter(f -> f.getFileName().toString().endsWith(".cfs")
                    || f.getFileName().toString().endsWith(".si")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(segment);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(segment, bytes);
        }
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = env(data, squatter.getLocalPort(), 0, 0);
            env.put("PORTER_SMTP_HOST", "127.0.0.1");
            env.put("PORTER_SMTP_PORT", Integer.toString(freePort()));
            List<Finding> broken = DoctorCommand.examine(env, NOWHERE);
            String report = DoctorReport.plain(broken);
            assertEquals(1, Doctor.exitCode(broken), report);
            assertTrue(detail(broken, "data directory").contains("chmod 700"), report);
            assertEquals(Finding.Status.FAIL, status(broken, "key file"), report);
            assertTrue(detail(broken, "audit log").contains("BROKEN at entry 2"), report);
            assertTrue(detail(broken, "model files").contains("weights.bin"), report);
            assertEquals(Finding.Status.FAIL, status(broken, "model files"), report);
            assertEquals(Finding.Status.FAIL, status(broken, "knowledge index"), report);
            assertTrue(detail(broken, "port tenant").contains("another program"), report);
            assertEquals(Finding.Status.FAIL, status(broken, "smtp relay"), report);
            assertTrue(DoctorReport.json(broken).contains("\"status\":\"fail\""));
        }

        // A key file from another install: the keystore says so, and nothing after it is attempted.
        Path other = dir.resolve("other");
        TestPorter.start(other).close();
        Files.copy(other.resolve("porter.key"), data.resolve("porter.key"), StandardCopyOption.REPLACE_EXISTING);
        List<Finding> wrongKey = DoctorCommand.examine(env(data, 0, 0, 0), NOWHERE);
        assertEquals(Finding.Status.FAIL, status(wrongKey, "keystore"), DoctorReport.plain(wrongKey));
        assertTrue(detail(wrongKey, "keystore").contains("does not belong"), DoctorReport.plain(wrongKey));
    }

    @Test
    void anOutboundConnectionThatSucceedsIsAFailure() throws Exception {
        Optional<InetAddress> lan = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeTrue(lan.isPresent(), "needs a non-loopback IPv4 address");
        try (ServerSocket listener = new ServerSocket(0, 1, lan.get())) {
            Path data = dir.resolve("data");
            TestPorter.start(data).close();
            List<Finding> open = DoctorCommand.examine(env(data, 0, 0, 0),
                    new InetSocketAddress(lan.get(), listener.getLocalPort()));
            assertEquals(Finding.Status.FAIL, status(open, "outbound traffic"), DoctorReport.plain(open));
            assertEquals(1, Doctor.exitCode(open));
        }
    }

    private static Map<String, String> env(Path data, int tenant, int admin, int console) {
        return new HashMap<>(Map.of("PORTER_DATA_DIR", data.toString(), "PORTER_HTTP_PORT", Integer.toString(tenant),
                "PORTER_ADMIN_PORT", Integer.toString(admin), "PORTER_CONSOLE_PORT", Integer.toString(console)));
    }

    /** A model folder as {@code porter models install} leaves it: files and their manifest (not loadable). */
    private static void installModel(Path data) throws Exception {
        Path folder = Files.createDirectories(data.resolve("models/tiny"));
        Path weights = Files.writeString(folder.resolve("weights.bin"), "tiny weights");
        new ModelManifest("tiny", "a test folder", "Apache-2.0", "the test", 256, "none",
                List.of(new ModelManifest.FileEntry("weights.bin", Files.size(weights),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(weights)))))).write(folder.resolve(ModelManifest.FILE_NAME));
    }

    private static void sql(Path data, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("porter.db"));
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Finding.Status status(List<Finding> findings, String check) {
        return find(findings, check).status();
    }

    private static String detail(List<Finding> findings, String check) {
        return find(findings, check).detail();
    }

    private static Finding find(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " in " + DoctorReport.plain(findings)));
    }
}
