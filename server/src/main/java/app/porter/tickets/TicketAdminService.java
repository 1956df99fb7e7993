package app.porter.tickets;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.admin.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Maintenance tickets on the admin socket, {@code /api/admin/v1/tickets}. Reading tickets decrypts what tenants
 * typed, so every list, read and export is recorded in the audit log.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/tickets?propertyId=maple-court' -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/tickets/MC-1001 -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/tickets/export.csv -H "Authorization: Bearer $ADMIN_TOKEN" -o tickets.csv
 * curl -s -XPOST localhost:8082/api/admin/v1/tickets/MC-1001/status -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"status":"scheduled"}'
 * </pre>
 */
public final class TicketsHttpService implements HttpService {

    private static final int LIMIT = 1000;
    private final TicketService tickets;
    private final AuditLog audit;

    public TicketsHttpService(TicketService tickets, AuditLog audit) {
        this.tickets = tickets;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/export.csv", this::csv)
                .get("/{reference}", this::one)
                .post("/{reference}/status", this::status);
    }

    private void list(ServerRequest req, ServerResponse res) {
        AdminPrincipal principal = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String propertyId = req.query().first("propertyId").orElse(null);
        JsonArrayBuilder list = Json.createArrayBuilder();
        tickets.list(propertyId, LIMIT).forEach(t -> list.add(json(t)));
        audit.append("admin:" + principal.name(), "tickets.list", propertyId == null ? "tickets" : "tickets/" + propertyId);
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("tickets", list).build());
    }

    private void one(ServerRequest req, ServerResponse res) {
        AdminPrincipal principal = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        Ticket ticket = tickets.find(req.path().pathParameters().get("reference"))
                .orElseThrow(() -> ApiException.notFound("no such ticket"));
        audit.append("admin:" + principal.name(), "ticket.read", "ticket/" + ticket.reference());
        JsonResponses.send(res, 200, json(ticket).build());
    }

    private void csv(ServerRequest req, ServerResponse res) {
        AdminPrincipal principal = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String propertyId = req.query().first("propertyId").orElse(null);
        String csv = TicketCsv.write(tickets.list(propertyId, Integer.MAX_VALUE));
        audit.append("admin:" + principal.name(), "tickets.export", propertyId == null ? "tickets" : "tickets/" + propertyId);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tickets.csv\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(csv);
    }

    private void status(ServerRequest req, ServerResponse res) {
        AdminPrincipal principal = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        JsonObject body = JsonRequests.readObject(req, 4096);
        String status = JsonRequests.requiredString(body, "status");
        if (!TicketService.STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + String.join(", ", TicketService.STATUSES));
        }
        Ticket ticket = tickets.setStatus(req.path().pathParameters().get("reference"), status,
                        "admin:" + principal.name())
                .orElseThrow(() -> ApiException.notFound("no such ticket"));
        JsonResponses.send(res, 200, json(ticket).build());
    }

    /** A ticket as JSON, for the admin API and the webhook. */
    public static JsonObjectBuilder json(Ticket t) {
        Ticket.Details d = t.details();
        JsonObjectBuilder details = Json.createObjectBuilder();
        put(details, "unit", d.unit());
        put(details, "location", d.location());
        put(details, "description", d.description());
        put(details, "accessWindow", d.window());
        put(details, "phone", d.phone());
        put(details, "email", d.email());
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("reference", t.reference())
                .add("propertyId", t.propertyId())
                .add("status", t.status())
                .add("category", t.category())
                .add("urgency", t.urgency())
                .add("contact", t.contact() == null ? "" : t.contact())
                .add("language", t.language())
                .add("createdAt", t.createdAt().toString())
                .add("updatedAt", t.updatedAt().toString())
                .add("details", details);
        put(json, "staffSummary", d.staffSummary());
        put(json, "conversationId", t.conversationId());
        if (t.entryPermitted() != null) {
            json.add("entryPermitted", t.entryPermitted());
        }
        if (t.pets() != null) {
            json.add("pets", t.pets());
        }
        return json;
    }

    private static void put(JsonObjectBuilder json, String key, String value) {
        if (value != null) {
            json.add(key, value);
        }
    }
}
