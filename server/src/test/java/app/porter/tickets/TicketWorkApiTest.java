package app.porter.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.NotPermitted;

/**
 * Staff work on tickets on a real appliance (real SQLite, the real admin API and tenant event stream): assigning,
 * status changes with notes kept in a sealed history, the tenant hearing the status but never the note, and
 * possible duplicates flagged by the unit's keyed hash.
 */
class TicketWorkApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static String agentToken;
    static String auditorToken;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
        agentToken = person("ada", "agent");
        auditorToken = person("ines", "auditor");
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static String person(String username, String role) {
        HttpResponse<String> added = porter.postJson(porter.admin("/api/admin/v1/staff"), """
                {"username":"%s","displayName":"%s Person","role":"%s","password":"a long enough password"}"""
                .formatted(username, username, role), TestPorter.ADMIN_TOKEN);
        assertEquals(201, added.statusCode(), added.body());
        HttpResponse<String> token = porter.adminPost("/api/admin/v1/staff/" + username + "/tokens", "");
        assertEquals(201, token.statusCode(), token.body());
        return TestPorter.json(token.body()).getString("token");
    }

    /** A ticket as the maintenance flow opens it, for a real conversation. */
    private static Ticket open(TestPorter.Started c, String unit, String category) {
        return porter.porter.flows().tickets().create(new NewTicket("maple-court", "MC", c.id(), category,
                "routine", true, false, "chat", "en", new Ticket.Details(unit, "kitchen",
                "The tap drips", "mornings", null, null, "Problem: " + category)));
    }

    private static HttpResponse<String> post(String path, String json, String token) {
        return porter.postJson(porter.admin("/api/admin/v1/tickets/" + path), json, token);
    }

    private static long audited(String action, String target) {
        return TestPorter.json(porter.adminGet("/api/admin/v1/audit").body()).getJsonArray("entries")
                .getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("action").equals(action) && e.getString("target").equals(target))
                .count();
    }

    @Test
    void anAgentAssignsAndMovesATicketWithANoteAuditedOnceAndTheTenantHearsOnlyTheStatus() throws Exception {
        TestPorter.Started c = porter.startConversation();
        String reference = open(c, "B-101", "electrical").reference();
        String note = "KESTREL-NOTE-77 tenant in B-101 is hard of hearing, knock loudly";

        HttpResponse<String> assigned = post(reference + "/assign", "{\"username\":\"ada\"}", agentToken);
        assertEquals(200, assigned.statusCode(), assigned.body());
        assertEquals("ada", TestPorter.json(assigned.body()).getString("assignee"));
        assertEquals(c.id(), TestPorter.json(assigned.body()).getString("conversationId"), "the link to the inbox");
        assertEquals(1, audited("ticket.assigned", "ticket/" + reference + " to ada"));

        try (Stream stream = new Stream(c)) {
            HttpResponse<String> moved = post(reference + "/status",
                    "{\"status\":\"scheduled\",\"note\":\"" + note + "\"}", agentToken);
            assertEquals(200, moved.statusCode(), moved.body());
            assertEquals("scheduled", TestPorter.json(moved.body()).getString("status"));
            assertFalse(moved.body().contains("KESTREL"), "the ticket itself does not carry notes");
            JsonObject event = stream.next("ticket");
            assertEquals(reference, event.getString("reference"));
            assertEquals("scheduled", event.getString("status"));
            assertFalse(stream.raw.toString().contains("KESTREL"), "the note never reaches the tenant's stream");
        }
        assertEquals(1, audited("ticket.scheduled", "ticket/" + reference));

        List<JsonObject> history = TestPorter.json(porter.get(porter.admin("/api/admin/v1/tickets/" + reference
                + "/history"), agentToken).body()).getJsonArray("history").getValuesAs(JsonObject.class);
        assertEquals(2, history.size(), history.toString());
        assertEquals("assigned", history.get(0).getString("kind"));
        assertEquals("ada", history.get(0).getString("assignee"));
        assertEquals("status", history.get(1).getString("kind"));
        assertEquals("scheduled", history.get(1).getString("status"));
        assertEquals(note, history.get(1).getString("note"));
        assertEquals("ada", history.get(1).getString("by"));

        // Nothing tenant-facing carries the note: history, export.
        String messages = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/messages"), c.token())
                .body();
        String export = porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/export"), c.token()).body();
        assertTrue(export.contains(reference), export);
        assertFalse(messages.contains("KESTREL") || export.contains("KESTREL"), "no note for the tenant");
        // Nor is it in the database file in clear.
        for (String file : List.of("porter.db", "porter.db-wal")) {
            Path path = dataDir.resolve(file);
            if (Files.exists(path)) {
                assertFalse(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).contains("KESTREL"),
                        file + " holds the note in clear");
            }
        }
    }

    @Test
    void anAuditorMayNotAssignOrMoveAndOnlyActiveAgentsOrAdminsAreAssigned() {
        TestPorter.Started c = porter.startConversation();
        String reference = open(c, "D-404", "heating").reference();
        assertEquals(403, post(reference + "/assign", "{\"username\":\"ada\"}", auditorToken).statusCode());
        assertEquals(403, post(reference + "/status", "{\"status\":\"completed\",\"note\":\"x\"}", auditorToken)
                .statusCode());
        assertEquals(403, porter.get(porter.admin("/api/admin/v1/tickets/" + reference + "/history"), auditorToken)
                .statusCode());
        assertEquals(400, post(reference + "/assign", "{\"username\":\"ines\"}", agentToken).statusCode(),
                "an auditor cannot work tickets");
        assertEquals(400, post(reference + "/assign", "{\"username\":\"nobody\"}", agentToken).statusCode());
        assertEquals(404, post("MC-9999/assign", "{\"username\":\"ada\"}", agentToken).statusCode());
        assertEquals(0, audited("ticket.assigned", "ticket/" + reference + " to ada"));
        Tickets tickets = porter.porter.flows().tickets();
        assertThrows(NotPermitted.class, () -> tickets.history(new Actor("ines", Role.AUDITOR), reference));
    }

    @Test
    void twoOpenTicketsForTheSameUnitAndCategoryAreFlaggedButOtherUnitsAreNot() {
        TestPorter.Started c = porter.startConversation();
        String first = open(c, "C-204", "plumbing").reference();
        String second = open(porter.startConversation(), "c 204", "plumbing").reference();
        String otherUnit = open(porter.startConversation(), "C-205", "plumbing").reference();
        String otherCategory = open(porter.startConversation(), "C-204", "appliance").reference();

        assertEquals(List.of(second), duplicates(first));
        assertEquals(List.of(first), duplicates(second));
        assertEquals(List.of(), duplicates(otherUnit));
        assertEquals(List.of(), duplicates(otherCategory));
        JsonObject listed = TestPorter.json(porter.get(porter.admin("/api/admin/v1/tickets"), agentToken).body())
                .getJsonArray("tickets").getValuesAs(JsonObject.class).stream()
                .filter(t -> t.getString("reference").equals(first)).findFirst().orElseThrow();
        assertEquals(second, listed.getJsonArray("possibleDuplicates").getString(0));

        // Closing one of them unflags the other: only open tickets are duplicates.
        assertEquals(200, post(second + "/status", "{\"status\":\"cancelled\",\"note\":\"duplicate of " + first
                + "\"}", agentToken).statusCode());
        assertEquals(List.of(), duplicates(first));
    }

    @Test
    void erasingTheConversationMakesTheNotesUnreadableAndRefusesNewOnes() {
        TestPorter.Started c = porter.startConversation();
        String reference = open(c, "E-505", "pests").reference();
        assertEquals(200, post(reference + "/status", "{\"status\":\"scheduled\",\"note\":\"OSPREY-NOTE-3\"}",
                agentToken).statusCode());
        assertEquals(200, porter.delete(porter.tenant("/api/v1/conversations/" + c.id()), c.token()).statusCode());

        assertEquals(409, post(reference + "/status", "{\"status\":\"completed\",\"note\":\"more\"}", agentToken)
                .statusCode(), "no key is left to seal a note with");
        assertEquals(200, post(reference + "/status", "{\"status\":\"completed\"}", agentToken).statusCode(),
                "the repair record still moves along");
        String history = porter.get(porter.admin("/api/admin/v1/tickets/" + reference + "/history"), agentToken)
                .body();
        assertFalse(history.contains("OSPREY"), history);
        assertTrue(history.contains(TicketHistory.ERASED_NOTE), history);
    }

    private static List<String> duplicates(String reference) {
        HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/tickets/" + reference
                + "/duplicates"), agentToken);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body()).getJsonArray("possibleDuplicates").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    /** The tenant's event stream, read on its own thread; {@link #raw} keeps every line it brought. */
    static final class Stream implements AutoCloseable {
        final BlockingQueue<TestPorter.Event> events = new LinkedBlockingQueue<>();
        final StringBuffer raw = new StringBuffer();
        private final InputStream body;

        Stream(TestPorter.Started c) throws Exception {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    porter.tenant("/api/v1/conversations/" + c.id() + "/events"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + c.token()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            body = response.body();
            Thread.ofVirtual().start(this::read);
            // The stream subscribes before its first line: wait for it so no event is published before.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (raw.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    raw.append(line).append('\n');
                    if (line.isEmpty()) {
                        if (name != null) {
                            events.add(new TestPorter.Event(name, TestPorter.json(data.toString())));
                        }
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        JsonObject next(String name) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                TestPorter.Event e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e != null && e.name().equals(name)) {
                    return e.data();
                }
            }
            throw new AssertionError("no " + name + " event within 10 s");
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
