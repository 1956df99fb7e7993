package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import org.junit.jupiter.api.extension.ExtendWith;
import app.porter.net.LoopbackOnly;

/**
 * Scripted maintenance dialogues through the tenant API of a real appliance: every branch of the flow, invalid
 * answers, leaving and coming back, cancelling, status look-ups, and what staff get (admin API, CSV, webhook).
 */
@ExtendWith(LoopbackOnly.class) // issue 13: nothing here may talk to anything but loopback
class MaintenanceFlowApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static HttpServer hook;
    static final LinkedBlockingQueue<String> hooked = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        hook = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/porter-hook", exchange -> {
            hooked.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_WEBHOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/porter-hook"));
    }

    @AfterAll
    static void stop() {
        porter.close();
        hook.stop(0);
    }

    /** One exchange: the reply must be a flow step (or the mode given) and is returned for more checks. */
    private static JsonObject say(TestPorter.Started c, String text) {
        return porter.ask(c, text);
    }

    private static List<String> optionValues(JsonObject reply) {
        assertTrue(reply.containsKey("form"), "expected a form in " + reply);
        return reply.getJsonObject("form").getJsonArray("options").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("value")).toList();
    }

    private static String reference(JsonObject reply) {
        var m = java.util.regex.Pattern.compile("MC-\\d{4}").matcher(reply.getString("reply"));
        assertTrue(m.find(), "no reference in " + reply.getString("reply"));
        return m.group();
    }

    private static JsonObject adminTicket(String reference) {
        HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/tickets/" + reference),
                TestPorter.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body());
    }

    @Test
    void everyStepByButtonsToATicketThenItsStatus() throws Exception {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = say(c, "I want to report a maintenance problem");
        assertEquals("flow", r.getString("mode"));
        assertEquals(List.of("plumbing", "electrical", "heating-cooling", "appliance", "pests", "doors-locks", "other"),
                optionValues(r));
        assertEquals("choice", r.getJsonObject("form").getString("input"));

        r = say(c, "plumbing");
        assertEquals("unit", r.getJsonObject("form").getString("input"));
        r = say(c, "Apt C-204");
        assertTrue(optionValues(r).contains("kitchen"));
        r = say(c, "kitchen");
        assertEquals("text", r.getJsonObject("form").getString("input"));
        r = say(c, "The tap under the sink drips all night long");
        assertEquals(List.of("emergency", "urgent", "routine"), optionValues(r));
        r = say(c, "3"); // options can be picked by number too
        assertEquals(List.of("yes", "no"), optionValues(r));
        r = say(c, "yes");
        assertEquals(List.of("yes", "no"), optionValues(r), "pets are asked after permission to enter");
        r = say(c, "no");
        assertTrue(optionValues(r).contains("weekday-mornings"));
        r = say(c, "weekday-mornings");
        assertEquals(List.of("chat", "phone", "text", "email"), optionValues(r));
        r = say(c, "chat");
        assertEquals(List.of("submit", "change", "cancel"), optionValues(r));
        String summary = r.getString("reply");
        for (String expected : List.of("Plumbing", "C-204", "Kitchen", "The tap under the sink drips all night long",
                "Routine", "Weekday mornings", "Here in this chat")) {
            assertTrue(summary.contains(expected), "summary lacks " + expected + ": " + summary);
        }
        r = say(c, "submit");
        assertEquals("flow", r.getString("mode"));
        assertFalse(r.containsKey("form"), "the flow is over");
        String reference = reference(r);

        JsonObject ticket = adminTicket(reference);
        assertEquals("plumbing", ticket.getString("category"));
        assertEquals("routine", ticket.getString("urgency"));
        assertEquals("open", ticket.getString("status"));
        assertTrue(ticket.getBoolean("entryPermitted"));
        assertFalse(ticket.getBoolean("pets"));
        assertEquals("C-204", ticket.getJsonObject("details").getString("unit"));
        assertEquals("The tap under the sink drips all night long",
                ticket.getJsonObject("details").getString("description"));
        assertTrue(ticket.getString("staffSummary").contains("Problem: Plumbing"), ticket.toString());

        JsonObject status = say(c, "What's the status of my request " + reference + "?");
        assertEquals("flow", status.getString("mode"));
        assertTrue(status.getString("reply").contains(reference) && status.getString("reply").contains("received"),
                status.getString("reply"));

        String event = hooked.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the webhook got nothing");
        while (event != null && !event.contains(reference)) {
            event = hooked.poll(5, TimeUnit.SECONDS);
        }
        assertNotNull(event, "no webhook for " + reference);
        assertTrue(event.contains("\"ticket.created\"") && event.contains("drips all night"), event);

        HttpResponse<String> csv = porter.get(porter.admin("/api/admin/v1/tickets/export.csv"), TestPorter.ADMIN_TOKEN);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("reference,property,status"), csv.body());
        assertTrue(csv.body().contains(reference + ",maple-court,open,"), csv.body());
    }

    @Test
    void aProblemStatedUpFrontFillsItsSlotsAndChangingTheContactFollowsTheNewBranch() {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = say(c, "My dishwasher is leaking onto the kitchen floor");
        assertEquals("flow", r.getString("mode"));
        assertEquals("unit", r.getJsonObject("form").getString("input"), "category, place and description are known");
        r = say(c, "12B");
        assertEquals(List.of("emergency", "urgent", "routine"), optionValues(r));
        r = say(c, "urgent");
        r = say(c, "no"); // no entry without the tenant: pets are not asked
        assertTrue(optionValues(r).contains("any-time"), r.toString());
        r = say(c, "Tuesday after 3pm");
        r = say(c, "phone");
        assertEquals("phone", r.getJsonObject("form").getString("input"));
        r = say(c, "(217) 555-0123");
        assertTrue(r.getString("reply").contains("(217) 555-0123"), r.getString("reply"));
        assertTrue(r.getString("reply").contains("Appliance"), r.getString("reply"));

        r = say(c, "change");
        assertTrue(optionValues(r).contains("contact"), r.toString());
        r = say(c, "contact");
        r = say(c, "email");
        assertEquals("email", r.getJsonObject("form").getString("input"));
        r = say(c, "tenant@example.com");
        assertTrue(r.getString("reply").contains("tenant@example.com"), r.getString("reply"));
        assertFalse(r.getString("reply").contains("555-0123"), "the phone branch is no longer taken");
        r = say(c, "yes");
        JsonObject ticket = adminTicket(reference(r));
        assertEquals("appliance", ticket.getString("category"));
        assertEquals("urgent", ticket.getString("urgency"));
        assertEquals("email", ticket.getString("contact"));
        assertFalse(ticket.getBoolean("entryPermitted"));
        assertFalse(ticket.containsKey("pets"));
        assertFalse(ticket.getJsonObject("details").containsKey("phone"));
        assertEquals("Tuesday after 3pm", ticket.getJsonObject("details").getString("accessWindow"));
        assertEquals("Kitchen", ticket.getJsonObject("details").getString("location"));
    }

    @Test
    void theTicketIsExportedWithItsConversationAndErasingShredsItsDetailsButKeepsTheRecord() {
        TestPorter.Started c = porter.startConversation();
        say(c, "My dishwasher is leaking onto the kitchen floor");
        say(c, "12B");
        say(c, "urgent");
        say(c, "no");
        say(c, "Tuesday after 3pm");
        say(c, "phone");
        say(c, "(217) 555-0188");
        String reference = reference(say(c, "yes"));
        assertEquals("(217) 555-0188", adminTicket(reference).getJsonObject("details").getString("phone"));

        // The tenant's own export carries the ticket they raised, with what they typed.
        JsonObject export = TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/" + c.id() + "/export"),
                c.token()).body());
        JsonObject exported = export.getJsonArray("conversations").getJsonObject(0).getJsonArray("tickets")
                .getJsonObject(0);
        assertEquals(reference, exported.getString("reference"), export.toString());
        assertEquals("(217) 555-0188", exported.getJsonObject("details").getString("phone"));

        HttpResponse<String> erased = porter.delete(porter.tenant("/api/v1/conversations/" + c.id()), c.token());
        assertEquals(200, erased.statusCode(), erased.body());

        JsonObject ticket = adminTicket(reference);
        assertEquals("appliance", ticket.getString("category"), "the maintenance record stays");
        assertFalse(ticket.getJsonObject("details").containsKey("phone"), ticket.toString());
        assertFalse(ticket.getJsonObject("details").containsKey("unit"), ticket.toString());
    }

    @Test
    void invalidAnswersAreReaskedWithHelpNeverADeadEnd() {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = say(c, "I need a repair");
        r = say(c, "a broken thing");
        assertTrue(r.getString("reply").startsWith("Sorry, I didn't catch that"), r.getString("reply"));
        r = say(c, "plumbing");
        r = say(c, "somewhere upstairs");
        assertEquals("unit", r.getJsonObject("form").getString("input"));
        assertTrue(r.getString("reply").contains("apartment number"), r.getString("reply"));
        r = say(c, "no idea");
        assertTrue(r.getString("reply").contains("(217) 555-0142"), "after two misses, the office number: "
                + r.getString("reply"));
        r = say(c, "C-101");
        r = say(c, "bathroom");
        r = say(c, "ok");
        assertEquals("text", r.getJsonObject("form").getString("input"), "a bare 'ok' is no description");
        r = say(c, "It does not refill after flushing");
        r = say(c, "asdfgh");
        assertTrue(r.getString("reply").startsWith("Sorry, I didn't catch that"), r.getString("reply"));
        r = say(c, "routine");
        r = say(c, "maybe");
        assertTrue(r.getString("reply").contains("yes or a no"), r.getString("reply"));
        r = say(c, "yes");
        r = say(c, "yes");
        r = say(c, "whenever");
        r = say(c, "text message");
        r = say(c, "123");
        assertEquals("phone", r.getJsonObject("form").getString("input"));
        assertTrue(r.getString("reply").contains("phone number"), r.getString("reply"));
        r = say(c, "+1 217 555 0188");
        assertEquals(List.of("submit", "change", "cancel"), optionValues(r));
        r = say(c, "cancel");
        assertTrue(r.getString("reply").contains("cancelled"), r.getString("reply"));
        assertFalse(r.containsKey("form"));
        assertEquals("extractive", say(c, "When is rent due?").getString("mode"), "the flow is gone");
    }

    @Test
    void aQuestionInTheMiddleIsAnsweredAndTheFlowPicksUpWhereItWas() {
        TestPorter.Started c = porter.startConversation();
        say(c, "I need to report a repair");
        say(c, "electrical");
        JsonObject r = say(c, "D-310");
        assertTrue(optionValues(r).contains("kitchen"));

        JsonObject aside = say(c, "When is my rent due?");
        assertEquals("extractive", aside.getString("mode"));
        assertEquals("maple-court-handbook#rent-due-date",
                aside.getJsonArray("citations").getJsonObject(0).getString("sourceId"));
        assertTrue(aside.getString("reply").contains("let's finish your maintenance request"), aside.getString("reply"));
        assertTrue(optionValues(aside).contains("kitchen"), "the pending step comes back as a form");

        r = say(c, "living room");
        assertEquals("text", r.getJsonObject("form").getString("input"));
        r = say(c, "Half the outlets in the room stopped working");
        assertEquals(List.of("emergency", "urgent", "routine"), optionValues(r));
        r = say(c, "cancel");
        assertTrue(r.getString("reply").contains("Nothing was sent"));
    }

    @Test
    void sayingItIsAnEmergencyHandsOverToOnCallStaff() {
        TestPorter.Started c = porter.startConversation();
        say(c, "my fridge stopped working");
        say(c, "C-204");
        say(c, "kitchen");
        say(c, "It is warm inside and food is spoiling");
        JsonObject r = say(c, "emergency");
        assertEquals("escalated", r.getString("mode"));
        assertTrue(r.getString("reply").contains("(217) 555-0199"), r.getString("reply"));
        HttpResponse<String> list = porter.get(porter.admin("/api/admin/v1/escalations"), TestPorter.ADMIN_TOKEN);
        assertTrue(list.body().contains(c.id()) && list.body().contains("\"flow\""), list.body());
    }

    @Test
    void statusOfAnotherConversationsTicketNeedsTheApartment() {
        TestPorter.Started first = porter.startConversation();
        say(first, "There are cockroaches in my kitchen");
        say(first, "A-7");
        say(first, "They come out at night near the stove");
        say(first, "routine");
        say(first, "no");
        say(first, "saturday");
        say(first, "chat");
        String reference = reference(say(first, "submit"));

        TestPorter.Started later = porter.startConversation();
        JsonObject r = say(later, "What's the status of " + reference + "?");
        assertTrue(r.getString("reply").contains("which apartment"), r.getString("reply"));
        assertFalse(r.getString("reply").contains("received"));
        r = say(later, "B-9");
        assertTrue(r.getString("reply").contains("couldn't find"), r.getString("reply"));

        say(later, "status of my request " + reference);
        r = say(later, "apt a7");
        assertTrue(r.getString("reply").contains("received") && r.getString("reply").contains("Pests"),
                r.getString("reply"));

        HttpResponse<String> set = porter.postJson(porter.admin("/api/admin/v1/tickets/" + reference + "/status"),
                "{\"status\":\"scheduled\"}", TestPorter.ADMIN_TOKEN);
        assertEquals(200, set.statusCode(), set.body());
        assertTrue(say(first, "any update on my repair request?").getString("reply").contains("scheduled"));

        JsonObject unknown = say(porter.startConversation(), "What's the status of my request MC-9999?");
        assertTrue(unknown.getString("reply").contains("which apartment"), "unknown and foreign look alike");
    }

    @Test
    void theFlowSpeaksTheTenantsLanguageAndStaffGetTheirs() {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = say(c, "El grifo de la cocina gotea sin parar");
        assertEquals("es", r.getString("language"));
        assertTrue(r.getString("reply").contains("apartamento"), r.getString("reply"));
        say(c, "C-12");
        r = say(c, "normal");
        assertEquals(List.of("yes", "no"), optionValues(r));
        assertEquals("Sí", r.getJsonObject("form").getJsonArray("options").getJsonObject(0).getString("label"));
        say(c, "sí");
        say(c, "no");
        say(c, "cualquier hora");
        r = say(c, "aquí en este chat");
        assertTrue(r.getString("reply").contains("Fontanería"), r.getString("reply"));
        r = say(c, "Enviar");
        assertTrue(r.getString("reply").startsWith("Listo"), r.getString("reply"));
        JsonObject ticket = adminTicket(reference(r));
        assertEquals("es", ticket.getString("language"));
        assertTrue(ticket.getString("staffSummary").contains("Problem: Plumbing"), ticket.getString("staffSummary"));
        assertTrue(ticket.getString("staffSummary").contains("Spanish"), ticket.getString("staffSummary"));
    }

    @Test
    void whatTenantsTypeIsNotStoredInTheClear() throws IOException {
        TestPorter.Started c = porter.startConversation();
        say(c, "The bedroom window latch is broken");
        say(c, "Z-999");
        say(c, "bedroom");
        say(c, "Zyxwvut latch snapped off completely");
        say(c, "routine");
        say(c, "no");
        say(c, "any-time");
        say(c, "email");
        say(c, "zyxwvut@example.com");
        say(c, "submit");
        for (String file : List.of("porter.db", "porter.db-wal")) {
            Path path = dataDir.resolve(file);
            if (Files.exists(path)) {
                String raw = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains("Zyxwvut") || raw.contains("zyxwvut@"), file + " holds tenant text");
            }
        }
    }
}
