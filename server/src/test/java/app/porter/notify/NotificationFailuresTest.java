package app.porter.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import app.porter.net.LoopbackOnly;

/** A relay that is down or not the firm's own: the tenant never notices, and a public relay never starts. */
@ExtendWith(LoopbackOnly.class) // issue 13: nothing here may talk to anything but loopback
class NotificationFailuresTest {

    @TempDir
    Path dataDir;

    @Test
    void aRelayThatHangsNeitherDelaysNorFailsTheTenantsReply() throws Exception {
        // Accepts connections and never says a word: the worst relay, one that holds a sender until it times out.
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            try (TestPorter porter = TestPorter.start(dataDir, Map.of(
                    "PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                    "PORTER_SMTP_HOST", "127.0.0.1",
                    "PORTER_SMTP_PORT", Integer.toString(silent.getLocalPort()),
                    "PORTER_NOTIFY_EMAIL", "oncall@firm.example"))) {
                for (String emergency : List.of("I smell gas in the kitchen", "There is water flooding my bathroom",
                        "The carbon monoxide alarm is beeping")) {
                    long started = System.nanoTime();
                    JsonObject reply = porter.ask(porter.startConversation(), emergency);
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertEquals("emergency", reply.getString("mode"), emergency);
                    assertTrue(tookMs < 3000, "the reply waited for the relay: " + tookMs + " ms");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (held.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(!held.isEmpty(), "Porter did try the relay");
                JsonObject mail = TestPorter.json(porter.adminGet("/api/admin/v1/notifications").body())
                        .getJsonObject("mail");
                assertEquals(0, mail.getInt("sent"));
                assertTrue(mail.getInt("waiting") >= 1, mail.toString());
            } finally {
                silent.close();
                acceptor.interrupt();
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aSecretSetByAnAdminSurvivesKeyRotationAndARestartAndIsNeverStoredInClear() throws Exception {
        String secret = "rotated-webhook-secret-0123456789";
        Actor admin = new Actor("admin", Role.ADMIN);
        try (TestPorter porter = TestPorter.start(dataDir)) {
            porter.porter.notifications().update(admin, Optional.empty(), Optional.of(secret));
            porter.porter.privacy().rotateKek(admin);
        }
        for (String file : List.of("porter.db", "porter.db-wal")) {
            Path stored = dataDir.resolve(file);
            if (Files.exists(stored)) {
                assertFalse(new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1).contains(secret),
                        "the secret is encrypted in " + file);
            }
        }
        try (TestPorter porter = TestPorter.start(dataDir)) {
            assertArrayEquals(secret.getBytes(StandardCharsets.UTF_8),
                    porter.porter.notifications().webhookSecret().orElseThrow());
            assertEquals("console", porter.porter.notifications().settings(admin).webhookSecret());
        }
    }

    @Test
    void aRelayOffTheFirmsNetworkIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_SMTP_HOST", "8.8.8.8", "PORTER_NOTIFY_EMAIL", "oncall@firm.example")));
        assertTrue(refused.getMessage().contains("not on a private network"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_SMTP_HOST", "2001:4860:4860::8888")));
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_NOTIFY_EMAIL", "oncall@firm.example")), "an on-call address without a relay");
        assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_SMTP_HOST", "127.0.0.1", "PORTER_NOTIFY_EMAIL", "On Call <oncall@firm.example>")));
        assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_SMTP_HOST", "127.0.0.1", "PORTER_SMTP_USER", "porter")), "a login without a password");
        assertThrows(IllegalArgumentException.class, () -> TestPorter.start(dataDir,
                Map.of("PORTER_WEBHOOK_SECRET_FILE", dataDir.resolve("missing").toString())));
    }
}
