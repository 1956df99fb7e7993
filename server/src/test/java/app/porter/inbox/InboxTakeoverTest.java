package app.porter.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import app.porter.LogCapture;
import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.Conflict;
import app.porter.errors.NotPermitted;

/**
 * The inbox and live takeover on a real appliance (real SQLite, the real embedder), through the admin API and the
 * tenant's own event stream: an agent claims, replies and hands back while the tenant's stream hears it live, the
 * bot stays quiet while held (but not for an emergency), notes stay internal, roles hold, and a reconnecting stream
 * replays what it missed. Nothing either side typed reaches a log.
 */
class InboxTakeoverTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.start();
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
        logs.close();
    }

    /** A tenant's open event stream, read on its own thread. */
    static final class Stream implements AutoCloseable {
        /** An event with its {@code id:}. */
        record Received(String id, TestPorter.Event event) {
        }

        final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
        private final InputStream body;

        Stream(TestPorter.Started c, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            porter.tenant("/api/v1/conversations/" + c.id() + "/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + c.token());
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            body = response.body();
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (name != null) {
                            events.add(new Received(id, new TestPorter.Event(name,
                                    TestPorter.json(data.toString()))));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        /** The next event named {@code name}, skipping others; fails after a few seconds. */
        TestPorter.Event next(String name) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                Received r = events.poll(200, TimeUnit.MILLISECONDS);
                if (r != null) {
                    lastId = r.id();
                    if (r.event().name().equals(name)) {
                        return r.event();
                    }
                }
            }
            throw new AssertionError("no " + name + " event within 10 s");
        }

        String lastId;

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private static String escalationOf(TestPorter.Started c) {
        for (JsonObject e : TestPorter.json(porter.adminGet("/api/admin/v1/escalations/queue").body())
                .getJsonArray("escalations").getValuesAs(JsonObject.class)) {
            if (e.getString("conversationId").equals(c.id())) {
                return e.getString("id");
            }
        }
        throw new AssertionError("not in the inbox: " + c.id());
    }

    private static List<JsonObject> history(TestPorter.Started c) {
        return TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/messages"), c.token())
                .body()).getJsonArray("messages").getValuesAs(JsonObject.class);
    }

    @Test
    void anAgentClaimsRepliesLiveAndHandsBackWhileTheBotStaysQuietExceptForEmergencies() throws Exception {
        TestPorter.Started c = porter.startConversation();
        assertEquals("escalated", porter.ask(c, "Can I talk to a real person please?").getString("mode"));
        String id = escalationOf(c);

        try (Stream stream = new Stream(c, null)) {
            HttpResponse<String> claimed = porter.adminPost("/api/admin/v1/escalations/" + id + "/claim", "{}");
            assertEquals(200, claimed.statusCode(), claimed.body());
            assertEquals("acknowledged", TestPorter.json(claimed.body()).getString("status"));
            assertFalse(stream.next("held").data().getString("by").isBlank(), "the tenant sees who is answering");

            HttpResponse<String> sent = porter.adminPost("/api/admin/v1/escalations/" + id + "/messages",
                    "{\"text\":\"Hello, this is the office: QUOKKA-REPLY-41 a plumber comes at 3pm.\"}");
            assertEquals(201, sent.statusCode(), sent.body());
            JsonObject live = stream.next("message").data();
            assertEquals("staff", live.getString("role"));
            assertTrue(live.getString("text").contains("QUOKKA-REPLY-41"));
            assertFalse(live.getString("author").isBlank());
            assertNotNull(stream.lastId, "every event has an id");

            // Held: the bot stays quiet; the tenant hears that the person will reply here.
            JsonObject quiet = porter.ask(c, "When is rent due?");
            assertEquals("human", quiet.getString("mode"), quiet.toString());
            assertFalse(quiet.getString("reply").toLowerCase().contains("first of the month"), quiet.toString());
            assertTrue(quiet.getString("reply").contains(live.getString("author")), quiet.toString());
            // An emergency still gets the safety instructions at once.
            JsonObject emergency = porter.ask(c, "There's a rotten egg smell coming from behind the stove");
            assertEquals("emergency", emergency.getString("mode"));
            assertTrue(emergency.getString("reply").contains("(217) 555-0199"), emergency.toString());

            // The history shows the staff reply with its author.
            JsonObject staff = history(c).stream().filter(m -> m.getString("role").equals("staff")).findFirst()
                    .orElseThrow();
            assertEquals(live.getString("author"), staff.getString("author"));
            assertTrue(staff.getString("text").contains("QUOKKA-REPLY-41"));

            HttpResponse<String> released = porter.adminPost("/api/admin/v1/escalations/" + id + "/release", "{}");
            assertEquals(200, released.statusCode(), released.body());
            assertEquals("resolved", TestPorter.json(released.body()).getString("status"));
            stream.next("released");
        }
        JsonObject answered = porter.ask(c, "When is rent due?");
        assertNotEquals("human", answered.getString("mode"), answered.toString());
        assertEquals(0, waitForNoStreams(), "a closed stream leaves nothing behind");
        assertFalse(logs.text().contains("QUOKKA-REPLY-41"), "a staff reply reached a log line");
        assertFalse(logs.text().contains("rotten egg"), "a tenant message reached a log line");
    }

    private static int waitForNoStreams() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (porter.porter.inbox().liveStreams() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        return porter.porter.inbox().liveStreams();
    }

    @Test
    void theTranscriptIsAuditedAndNotesNeverReachTheTenant() {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "Can I talk to a real person please? My email is jo@example.com");
        String id = escalationOf(c);
        JsonObject item = TestPorter.json(porter.adminGet("/api/admin/v1/escalations/queue").body())
                .getJsonArray("escalations").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("id").equals(id)).findFirst().orElseThrow();
        assertTrue(item.getString("preview").contains("[EMAIL]"), item.toString());
        assertFalse(item.getString("preview").contains("jo@example.com"), "the preview is redacted");
        assertFalse(item.getBoolean("breached"));
        assertEquals(1, item.getInt("priority"));

        HttpResponse<String> note = porter.adminPost("/api/admin/v1/escalations/" + id + "/notes",
                "{\"text\":\"WOMBAT-NOTE-9 tenant sounded upset\"}");
        assertEquals(201, note.statusCode(), note.body());

        JsonObject transcript = TestPorter.json(porter.adminGet("/api/admin/v1/escalations/" + id).body());
        assertEquals(c.id(), transcript.getString("conversationId"));
        assertTrue(transcript.getJsonArray("messages").size() >= 2);
        assertTrue(transcript.getJsonArray("notes").toString().contains("WOMBAT-NOTE-9"));
        assertNotNull(transcript.getJsonArray("suggestions"));
        String audit = porter.adminGet("/api/admin/v1/audit").body();
        assertTrue(audit.contains("escalation/" + id), "the read is audited with the escalation as its reason");

        String history = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/messages"), c.token()).body();
        String export = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/export"), c.token()).body();
        assertFalse(history.contains("WOMBAT-NOTE-9"), "a note in the tenant's history");
        assertFalse(export.contains("WOMBAT-NOTE-9"), "a note in the tenant's export");
        assertFalse(audit.contains("WOMBAT-NOTE-9"), "a note in the audit log");
        assertFalse(logs.text().contains("WOMBAT-NOTE-9"), "a note reached a log line");
    }

    @Test
    void rolesAreCheckedInTheServiceAndOnlyOnePersonHoldsAConversation() {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "Can I talk to a real person please?");
        String id = escalationOf(c);
        Inbox inbox = porter.porter.inbox();
        Actor auditor = new Actor("ines", Role.AUDITOR);
        assertThrows(NotPermitted.class, () -> inbox.claim(auditor, id));
        assertThrows(NotPermitted.class, () -> inbox.reply(auditor, id, "hello"));
        assertThrows(NotPermitted.class, () -> inbox.note(auditor, id, "hello"));
        assertThrows(NotPermitted.class, () -> inbox.release(auditor, id));
        assertThrows(NotPermitted.class, () -> inbox.open(auditor, id));
        assertThrows(NotPermitted.class, () -> inbox.queue(auditor));
        assertTrue(history(c).stream().noneMatch(m -> m.getString("role").equals("staff")));

        Actor sam = new Actor("sam", Role.AGENT, "Sam Ortiz");
        Actor kim = new Actor("kim", Role.AGENT, "Kim Lee");
        inbox.reply(sam, id, "Sam here, looking into it.");
        assertThrows(Conflict.class, () -> inbox.claim(kim, id), "someone else holds it");
        assertThrows(Conflict.class, () -> inbox.reply(kim, id, "Kim here"));
        List<JsonObject> staff = history(c).stream().filter(m -> m.getString("role").equals("staff")).toList();
        assertEquals(1, staff.size());
        assertEquals("Sam Ortiz", staff.getFirst().getString("author"));
        assertTrue(porter.ask(c, "hello?").getString("reply").contains("Sam Ortiz"));
        String export = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/export"), c.token()).body();
        assertTrue(export.contains("Sam here, looking into it.") && export.contains("Sam Ortiz"),
                "staff replies are in the tenant's export");
        inbox.release(sam, id);
        assertNotEquals("human", porter.ask(c, "When is rent due?").getString("mode"));
    }

    @Test
    void aReconnectingStreamReplaysTheStaffRepliesItMissed() throws Exception {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "Can I talk to a real person please?");
        String id = escalationOf(c);
        String seen;
        try (Stream stream = new Stream(c, null)) {
            porter.adminPost("/api/admin/v1/escalations/" + id + "/messages", "{\"text\":\"first reply\"}");
            assertEquals("first reply", stream.next("message").data().getString("text"));
            seen = stream.lastId;
        }
        // Sent while the widget was closed.
        porter.adminPost("/api/admin/v1/escalations/" + id + "/messages", "{\"text\":\"second reply\"}");
        porter.adminPost("/api/admin/v1/escalations/" + id + "/messages", "{\"text\":\"third reply\"}");
        try (Stream stream = new Stream(c, seen)) {
            assertEquals("second reply", stream.next("message").data().getString("text"));
            assertEquals("third reply", stream.next("message").data().getString("text"));
            assertFalse(stream.next("held").data().getString("by").isBlank(), "then the state: still held");
        }
        HttpResponse<String> wrongToken = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/events"),
                porter.startConversation().token());
        assertEquals(403, wrongToken.statusCode());
        JsonArray none = TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/messages"),
                c.token()).body()).getJsonArray("messages");
        assertEquals(3, none.getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("role").equals("staff")).count());
    }
}
