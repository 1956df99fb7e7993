package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.MutableClock;
import app.porter.TestPorter;

/**
 * Office hours on a real appliance (real SQLite, Maple Court's shipped hours, a clock the test moves): a tenant
 * handed to a person inside hours hears the usual reply time, outside them when the office opens again and may leave
 * an e-mail or phone number, which is stored sealed, shown to staff with the transcript and erased with the
 * conversation. Emergencies get the on-call line at any hour.
 */
class OfficeHoursApiTest {

    /** Tuesday 8 December 2026, 10:00 in Chicago. */
    static final Instant TUESDAY_MORNING = Instant.parse("2026-12-08T16:00:00Z");
    /** Saturday 12 December 2026, 13:30 in Chicago: Saturday's hours are over; Sunday is closed. */
    static final Instant SATURDAY_AFTERNOON = Instant.parse("2026-12-12T19:30:00Z");

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static final MutableClock CLOCK = new MutableClock(TUESDAY_MORNING);

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN), CLOCK);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void insideOfficeHoursTheTenantHearsTheUsualReplyTime() {
        CLOCK.set(TUESDAY_MORNING);
        JsonObject en = porter.ask(porter.startConversation(), "I want to talk to a real person");
        assertEquals("escalated", en.getString("mode"));
        assertTrue(en.getString("reply").contains("The office is open now; someone usually replies within 2 hours."),
                en.getString("reply"));
        assertFalse(en.getString("reply").contains("closed"), en.getString("reply"));

        JsonObject es = porter.ask(porter.startConversation(), "Quiero hablar con una persona, por favor");
        assertEquals("escalated", es.getString("mode"));
        assertTrue(es.getString("reply").contains("normalmente alguien responde en menos de 2 horas"),
                es.getString("reply"));
    }

    @Test
    void outsideOfficeHoursTheTenantHearsTheNextOpeningAndLeavesAContact() throws Exception {
        CLOCK.set(SATURDAY_AFTERNOON);
        TestPorter.Started tenant = porter.startConversation();
        JsonObject handed = porter.ask(tenant, "Can I speak to someone in the office?");
        assertEquals("escalated", handed.getString("mode"));
        String reply = handed.getString("reply");
        assertTrue(reply.contains("The office is closed right now and opens again Monday, December 14, 2026"), reply);
        assertTrue(reply.contains("(America/Chicago)") && reply.contains("e-mail address or phone number"), reply);

        JsonObject left = porter.ask(tenant, "Jane.Tenant-4417@example.com");
        assertEquals("Thank you. The office will also reply to jane.tenant-4417@example.com.", left.getString("reply"));

        // Sealed: neither the database file nor its write-ahead log holds the address in plain text.
        for (Path file : databaseFiles()) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase();
            assertFalse(bytes.contains("jane.tenant-4417"), "plain contact in " + file.getFileName());
        }
        assertEquals(1, contactRows(tenant.id()));

        // Staff see it with the transcript, and that read is audited.
        String escalation = escalationOf(tenant);
        JsonObject transcript = TestPorter.json(porter.adminGet("/api/admin/v1/escalations/" + escalation).body());
        assertEquals("jane.tenant-4417@example.com", transcript.getString("replyContact"));
        assertTrue(porter.adminGet("/api/admin/v1/audit").body().contains("escalation/" + escalation));

        // The tenant's own export has it; erased with the conversation.
        JsonObject export = TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/" + tenant.id()
                + "/export"), tenant.token()).body()).getJsonArray("conversations").getJsonObject(0);
        assertEquals("jane.tenant-4417@example.com", export.getString("replyContact"), export.toString());
        assertEquals(200, porter.delete(porter.tenant("/api/v1/conversations/" + tenant.id()), tenant.token())
                .statusCode());
        assertEquals(0, contactRows(tenant.id()));
    }

    @Test
    void outsideOfficeHoursInSpanishAPhoneNumberIsKept() throws Exception {
        CLOCK.set(SATURDAY_AFTERNOON);
        TestPorter.Started tenant = porter.startConversation();
        JsonObject handed = porter.ask(tenant, "Quiero hablar con una persona, por favor");
        assertTrue(handed.getString("reply").contains("La oficina está cerrada ahora y vuelve a abrir el lunes, 14 de"
                + " diciembre de 2026"), handed.getString("reply"));
        JsonObject left = porter.ask(tenant, "217 555 0123");
        assertEquals("Gracias. La oficina también responderá a (217) 555-0123.", left.getString("reply"));
        JsonObject transcript = TestPorter.json(porter.adminGet("/api/admin/v1/escalations/"
                + escalationOf(tenant)).body());
        assertEquals("(217) 555-0123", transcript.getString("replyContact"));

        // A KEK rotation rewraps the contact's data key too, and staff still read it.
        JsonObject rotation = TestPorter.json(porter.adminPost("/api/admin/v1/keys/rotate", "{\"confirm\":true}").body());
        assertEquals(rotation.getInt("toVersion"), contactKekVersion(tenant.id()));
        assertEquals("(217) 555-0123", TestPorter.json(porter.adminGet("/api/admin/v1/escalations/"
                + escalationOf(tenant)).body()).getString("replyContact"));
    }

    @Test
    void aMessageThatIsNoContactIsAnsweredAsUsual() {
        CLOCK.set(SATURDAY_AFTERNOON);
        TestPorter.Started tenant = porter.startConversation();
        porter.ask(tenant, "I want to talk to a real person");
        JsonObject next = porter.ask(tenant, "When is rent due?");
        assertFalse(next.getString("reply").startsWith("Thank you. The office will also reply"), next.toString());
        assertFalse(TestPorter.json(porter.adminGet("/api/admin/v1/escalations/" + escalationOf(tenant)).body())
                .containsKey("replyContact"));
    }

    @Test
    void anEmergencyOutsideOfficeHoursStillGetsTheOnCallLine() {
        CLOCK.set(SATURDAY_AFTERNOON);
        JsonObject gas = porter.ask(porter.startConversation(), "I smell gas in my kitchen");
        assertEquals("emergency", gas.getString("mode"));
        assertTrue(gas.getString("reply").contains("(217) 555-0199"), gas.getString("reply"));
        assertFalse(gas.getString("reply").contains("office is closed"), gas.getString("reply"));
    }

    @Test
    void aRepairHandedToOnCallStaffOutsideOfficeHoursPromisesTheEmergencyLineNotTheOffice() {
        CLOCK.set(SATURDAY_AFTERNOON);
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "my fridge stopped working");
        porter.ask(c, "C-204");
        porter.ask(c, "kitchen");
        porter.ask(c, "It is warm inside and food is spoiling");
        JsonObject r = porter.ask(c, "emergency");
        assertEquals("escalated", r.getString("mode"));
        assertTrue(r.getString("reply").contains("(217) 555-0199"), r.getString("reply"));
        assertFalse(r.getString("reply").contains("office is closed"), r.getString("reply"));
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

    private static java.util.List<Path> databaseFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("porter.db")).toList();
        }
    }

    private static int contactKekVersion(String conversationId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT kek_version FROM escalation_contacts WHERE conversation_id = '"
                     + conversationId + "'")) {
            assertTrue(row.next());
            return row.getInt(1);
        }
    }

    private static int contactRows(String conversationId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT COUNT(*) FROM escalation_contacts WHERE conversation_id = '"
                     + conversationId + "'")) {
            row.next();
            return row.getInt(1);
        }
    }
}
