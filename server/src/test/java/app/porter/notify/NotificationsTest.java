package app.porter.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.escalation.Escalation;
import app.porter.store.Database;
import app.porter.store.Migrator;
import app.porter.tickets.WebhookSignature;
import org.junit.jupiter.api.extension.ExtendWith;
import app.porter.net.LoopbackOnly;

/**
 * Notifications on the real appliance: an in-process SMTP server (GreenMail) on loopback as the firm's relay, a
 * loopback HTTP receiver as the webhook. What the tenant typed must never be in an e-mail.
 */
@ExtendWith(LoopbackOnly.class) // issue 13: nothing here may talk to anything but loopback
class NotificationsTest {

    static final String ON_CALL = "oncall@firm.example";
    /** Words only the tenant typed: none may leave the appliance by e-mail. */
    static final List<String> TENANT_WORDS = List.of("Zelda", "Quux", "smell", "C-204", "drips all night");

    @TempDir
    static Path dataDir;
    static GreenMail relay;
    static HttpServer hook;
    static final LinkedBlockingQueue<Delivery> hooked = new LinkedBlockingQueue<>();
    static TestPorter porter;

    record Delivery(byte[] body, String timestamp, String signature) {
    }

    @BeforeAll
    static void start() throws Exception {
        relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            hooked.add(new Delivery(exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        porter = TestPorter.start(dataDir, Map.of(
                "PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_SMTP_HOST", "127.0.0.1",
                "PORTER_SMTP_PORT", Integer.toString(relay.getSmtp().getPort()),
                "PORTER_SMTP_FROM", "porter@firm.example",
                "PORTER_NOTIFY_EMAIL", ON_CALL,
                "PORTER_CONSOLE_URL", "https://porter.firm.internal/",
                "PORTER_WEBHOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"));
    }

    @AfterAll
    static void stop() {
        porter.close();
        relay.stop();
        hook.stop(0);
    }

    /** Waits up to {@code seconds} for a mail to {@code address} whose subject contains {@code subject}. */
    static MimeMessage awaitMail(String address, String subject, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : relay.getReceivedMessages()) {
                boolean toAddress = List.of(message.getRecipients(Message.RecipientType.TO)).stream()
                        .anyMatch(a -> a.toString().equals(address));
                if (toAddress && message.getSubject().contains(subject)) {
                    return message;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail \"" + subject + "\" to " + address + " within " + seconds + " s; got "
                + relay.getReceivedMessages().length);
    }

    static void assertNoTenantText(MimeMessage message) throws Exception {
        String whole = GreenMailUtil.getWholeMessage(message);
        for (String word : TENANT_WORDS) {
            assertFalse(whole.contains(word), "the e-mail carries what the tenant typed (" + word + "): " + whole);
        }
    }

    @Test
    void anEmergencyReachesTheOnCallAddressWithinSecondsWithoutTheTenantsWords() throws Exception {
        TestPorter.Started c = porter.startConversation();
        long started = System.nanoTime();
        JsonObject reply = porter.ask(c, "I smell gas in my kitchen! This is Zelda Quux in C-204");
        assertEquals("emergency", reply.getString("mode"));

        MimeMessage mail = awaitMail(ON_CALL, "EMERGENCY (gas)", 5);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < 5000, "the on-call e-mail took " + tookMs + " ms");
        String body = GreenMailUtil.getBody(mail);
        assertTrue(mail.getSubject().contains("maple-court"), mail.getSubject());
        assertTrue(body.contains("https://porter.firm.internal/escalations"), "a link to the console: " + body);
        assertEquals("porter@firm.example", mail.getFrom()[0].toString());
        assertNoTenantText(mail);
    }

    @Test
    void aNewTicketIsMailedToItsRouteAndNotToOnCall() throws Exception {
        HttpResponse<String> put = porter.putJson(porter.admin("/api/admin/v1/notifications"),
                "{\"routes\":[{\"propertyId\":\"maple-court\",\"priority\":\"ticket\","
                        + "\"email\":\"maintenance@firm.example\"}]}", TestPorter.ADMIN_TOKEN);
        assertEquals(200, put.statusCode(), put.body());
        try {
            TestPorter.Started c = porter.startConversation();
            for (String answer : List.of("I want to report a maintenance problem", "plumbing", "Apt C-204", "kitchen",
                    "The tap under the sink drips all night long", "routine", "yes", "no", "weekday-mornings", "chat")) {
                porter.ask(c, answer);
            }
            String reply = porter.ask(c, "submit").getString("reply");
            var reference = java.util.regex.Pattern.compile("MC-\\d{4}").matcher(reply);
            assertTrue(reference.find(), reply);

            MimeMessage mail = awaitMail("maintenance@firm.example", "New ticket " + reference.group(), 5);
            assertTrue(mail.getSubject().contains("plumbing") && mail.getSubject().contains("routine"),
                    mail.getSubject());
            assertTrue(GreenMailUtil.getBody(mail).contains("https://porter.firm.internal/tickets"));
            assertNoTenantText(mail);
            for (MimeMessage other : relay.getReceivedMessages()) {
                if (other.getSubject().contains(reference.group())) {
                    assertEquals(1, other.getAllRecipients().length, "a route claimed it: on-call is not copied");
                }
            }
        } finally {
            porter.putJson(porter.admin("/api/admin/v1/notifications"), "{\"routes\":[]}", TestPorter.ADMIN_TOKEN);
        }
    }

    @Test
    void theWebhookIsSignedWithTheSecretSetByAnAdminAndAChangedBodyFails() throws Exception {
        String secret = "a-long-webhook-secret-0123456789";
        HttpResponse<String> put = porter.putJson(porter.admin("/api/admin/v1/notifications"),
                "{\"webhookSecret\":\"" + secret + "\"}", TestPorter.ADMIN_TOKEN);
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("console", TestPorter.json(put.body()).getString("webhookSecret"));
        assertFalse(put.body().contains(secret), "the secret is never returned");
        assertFalse(porter.adminGet("/api/admin/v1/notifications").body().contains(secret));

        hooked.clear();
        porter.ask(porter.startConversation(), "There is a fire in the hallway, smoke everywhere");
        Delivery delivery = hooked.poll(10, TimeUnit.SECONDS);
        assertTrue(delivery != null, "no webhook delivery");
        assertTrue(delivery.signature() != null && delivery.signature().startsWith("sha256="), delivery.toString());
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        assertTrue(WebhookSignature.verify(key, delivery.timestamp(), delivery.signature(), delivery.body(),
                Instant.now(), Duration.ofMinutes(5)), "the receiver's check with the shared secret");

        byte[] changed = new String(delivery.body(), StandardCharsets.UTF_8).replace("fire", "flood")
                .getBytes(StandardCharsets.UTF_8);
        assertFalse(java.util.Arrays.equals(changed, delivery.body()));
        assertFalse(WebhookSignature.verify(key, delivery.timestamp(), delivery.signature(), changed,
                Instant.now(), Duration.ofMinutes(5)), "a changed body fails");
        assertFalse(WebhookSignature.verify("another-secret-of-some-length".getBytes(StandardCharsets.UTF_8),
                delivery.timestamp(), delivery.signature(), delivery.body(), Instant.now(), Duration.ofMinutes(5)),
                "another secret fails");
        assertFalse(WebhookSignature.verify(key, delivery.timestamp(), delivery.signature(), delivery.body(),
                Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5)), "an old delivery replayed fails");
    }

    @Test
    void routesAndSecretsAreCheckedAndOnlyAdminsMayChangeThem() throws Exception {
        for (String bad : List.of(
                "{\"routes\":[{\"email\":\"not an address\"}]}",
                "{\"routes\":[{\"email\":\"a@b.example\\r\\nBcc: evil@example.com\"}]}",
                "{\"routes\":[{\"priority\":\"whenever\",\"email\":\"a@firm.example\"}]}",
                "{\"routes\":[{\"propertyId\":\"maple-court\"}]}",
                "{\"routes\":\"a@firm.example\"}",
                "{\"webhookSecret\":\"short\"}")) {
            HttpResponse<String> response = porter.putJson(porter.admin("/api/admin/v1/notifications"), bad,
                    TestPorter.ADMIN_TOKEN);
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
        }
        JsonObject settings = TestPorter.json(porter.adminGet("/api/admin/v1/notifications").body());
        assertEquals(ON_CALL, settings.getString("onCall"));
        assertEquals("127.0.0.1", settings.getJsonObject("smtp").getString("host"));

        Actor agent = new Actor("agent-ann", Role.AGENT);
        Notifications notifications = porter.porter.notifications();
        assertEquals(403, status(() -> notifications.settings(agent)));
        assertEquals(403, status(() -> notifications.update(agent, java.util.Optional.of(List.of()),
                java.util.Optional.empty())));
    }

    private static int status(Runnable action) {
        try {
            action.run();
            return 200;
        } catch (app.porter.errors.NotPermitted e) {
            return 403;
        }
    }

    @Test
    void aMissedSlaIsAnnouncedOnceEvenAcrossARestart() throws Exception {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "I need to talk to a person please");
        Escalation late = porter.porter.flows().escalations().list(new Actor("admin", Role.ADMIN), "open", 50)
                .stream().filter(e -> e.conversationId().equals(c.id())).findFirst().orElseThrow();

        Path own = Files.createTempDirectory(dataDir, "sla");
        try (Database database = Database.open(own)) {
            new Migrator(database).migrate(Notifications.MIGRATIONS);
            List<Escalation> announced = new ArrayList<>();
            SlaWatch watch = new SlaWatch(database, now -> List.of(late), announced::add, Clock.systemUTC());
            assertEquals(1, watch.check());
            assertEquals(0, watch.check(), "announced once");
            SlaWatch afterRestart = new SlaWatch(database, now -> List.of(late), announced::add, Clock.systemUTC());
            assertEquals(0, afterRestart.check(), "remembered across a restart");
            assertEquals(List.of(late), announced);
            assertEquals(0, new SlaWatch(database, Notifications.NO_BREACHES, announced::add, Clock.systemUTC())
                    .check(), "the default check finds no breach");
        }

        Notice notice = new Notices("https://porter.firm.internal").breached(late, late.createdAt().plusSeconds(3600));
        assertTrue(notice.subject().contains("SLA missed"), notice.subject());
        assertTrue(notice.body().contains("60 minutes") && notice.body().contains(late.id()), notice.body());
        assertTrue(notice.body().contains("https://porter.firm.internal/escalations"), notice.body());
    }
}
