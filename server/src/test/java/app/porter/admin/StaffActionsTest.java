package app.porter.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.errors.NotPermitted;
import app.porter.tickets.NewTicket;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/**
 * The staff boundary on a real server: the services check the role and audit each action once under the actor,
 * and their refusals reach the client through {@code ApiErrors} with the contract's status and JSON body.
 */
class StaffActionsTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static Ticket newTicket() {
        return porter.porter.flows().tickets().create(new NewTicket("maple-court", "MC", null, "plumbing", "routine",
                null, null, "chat", "en", new Ticket.Details("C-204", null, "leak", null, null, null, null)));
    }

    private static List<AuditEntry> audited(String action, String target) {
        return porter.porter.privacy().audit().query(new AuditLog.Query(null, null, null, action, 100)).stream()
                .filter(e -> e.action().equals(action) && e.target().equals(target)).toList();
    }

    private static void assertRefusal(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = TestPorter.json(response.body());
        assertEquals(error, body.getString("error"), response.body());
        assertTrue(body.getString("detail").length() > 5, response.body());
        assertTrue(!response.body().contains("\tat ") && !response.body().contains("Exception"), response.body());
    }

    @Test
    void aTicketReadOverTheApiIsAuditedOnceUnderTheTokensName() {
        Ticket ticket = newTicket();
        HttpResponse<String> read = porter.adminGet("/api/admin/v1/tickets/" + ticket.reference());
        assertEquals(200, read.statusCode(), read.body());

        List<AuditEntry> reads = audited("ticket.read", "ticket/" + ticket.reference());
        assertEquals(1, reads.size(), reads.toString());
        assertEquals("bootstrap", reads.getFirst().actor());
    }

    @Test
    void theServiceRefusesARoleThatMayNotActAndAuditsNothing() {
        Tickets tickets = porter.porter.flows().tickets();
        Ticket ticket = newTicket();
        Actor auditor = new Actor("ines", Role.AUDITOR);

        NotPermitted refused = assertThrows(NotPermitted.class, () -> tickets.read(auditor, ticket.reference()));
        assertEquals("reading tickets needs the admin or agent role", refused.getMessage());
        assertThrows(NotPermitted.class, () -> tickets.setStatus(auditor, ticket.reference(), "completed"));
        assertThrows(NotPermitted.class, () -> porter.porter.privacy().rotateKek(auditor));
        assertTrue(audited("ticket.read", "ticket/" + ticket.reference()).isEmpty());
        assertEquals("open", tickets.find(ticket.reference()).orElseThrow().status());

        Actor agent = new Actor("sam", Role.AGENT);
        assertEquals("scheduled", tickets.setStatus(agent, ticket.reference(), "scheduled").status());
        assertEquals("sam", audited("ticket.scheduled", "ticket/" + ticket.reference()).getFirst().actor());
    }

    @Test
    void domainRefusalsKeepTheirStatusAndJsonShape() {
        assertRefusal(porter.adminGet("/api/admin/v1/tickets/MC-9999"), 404, "not_found");
        assertRefusal(porter.adminPost("/api/admin/v1/tickets/" + newTicket().reference() + "/status",
                "{\"status\":\"lost\"}"), 400, "bad_request");
        assertRefusal(porter.adminPost("/api/admin/v1/escalations/no-such-id/status", "{\"status\":\"resolved\"}"),
                404, "not_found");

        assertEquals(201, porter.adminPost("/api/admin/v1/properties", "{\"id\":\"harbor-view\",\"name\":\"Harbor"
                + " View\"}").statusCode());
        assertRefusal(porter.adminPost("/api/admin/v1/properties", "{\"id\":\"harbor-view\",\"name\":\"Again\"}"),
                409, "conflict");
        assertRefusal(porter.adminPost("/api/admin/v1/properties", "{\"id\":\"Not An Id\",\"name\":\"x\"}"), 400,
                "bad_request");
        assertRefusal(porter.adminPost("/api/admin/v1/properties/no-such-property/units", "{\"id\":\"4B\"}"), 404,
                "not_found");
        assertRefusal(porter.adminGet("/api/admin/v1/audit?from=2026-02-01&to=2026-01-01"), 400, "bad_request");
        assertRefusal(porter.adminGet("/api/admin/v1/retention/preview?dataClass=audit-log&days=5"), 400,
                "bad_request");
        assertRefusal(porter.adminPost("/api/admin/v1/dsr/erase",
                "{\"conversationIds\":[\"00000000-0000-0000-0000-000000000000\"],\"reason\":\"tenant asked\"}"),
                404, "not_found");
    }
}
