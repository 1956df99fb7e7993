package app.porter.admin;

import java.util.List;
import java.util.Map;

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
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.tickets.Ticket;
import app.porter.tickets.TicketHistory;
import app.porter.tickets.TicketJson;
import app.porter.tickets.Tickets;

/**
 * Maintenance tickets on the admin socket, {@code /api/admin/v1/tickets}, for the admin and agent roles. Reading
 * tickets decrypts what tenants typed, so {@link Tickets} records every list, read and export in the audit log.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/tickets?propertyId=maple-court' -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/tickets/MC-1001 -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/tickets/export.csv -H "Authorization: Bearer $ADMIN_TOKEN" -o tickets.csv
 * curl -s -XPOST localhost:8082/api/admin/v1/tickets/MC-1001/status -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"status":"scheduled","note":"plumber Tuesday 9-11"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/tickets/MC-1001/assign -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"username":"alex"}'
 * curl -s localhost:8082/api/admin/v1/tickets/MC-1001/history -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/tickets/MC-1001/duplicates -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 *
 * <p>Every ticket in a response carries {@code assignee}/{@code assignedAt} when assigned,
 * {@code possibleDuplicates} (references of other open tickets of the same property, unit and category) and its
 * {@code conversationId}: the link to the tenant's conversation (the console's Inbox opens it from the ticket; the
 * audited read {@code /api/admin/v1/conversations/{id}} takes it too).
 */
public final class TicketsHttpService implements HttpService {

    private static final int LIMIT = 1000;
    private final Tickets tickets;

    public TicketsHttpService(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/export.csv", this::csv)
                .get("/{reference}", this::one)
                .post("/{reference}/status", this::status)
                .post("/{reference}/assign", this::assign)
                .get("/{reference}/history", this::history)
                .get("/{reference}/duplicates", this::duplicates);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String propertyId = req.query().first("propertyId").orElse(null);
        Actor actor = AdminAuth.actor(req);
        JsonArrayBuilder list = Json.createArrayBuilder();
        List<Ticket> all = tickets.list(actor, propertyId, LIMIT);
        Map<String, List<String>> duplicates = tickets.possibleDuplicates(actor);
        all.forEach(t -> list.add(staffJson(t, duplicates.getOrDefault(t.reference(), List.of()))));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("tickets", list).build());
    }

    private void one(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        Ticket ticket = tickets.read(actor, req.path().pathParameters().get("reference"));
        send(res, actor, ticket);
    }

    private void csv(ServerRequest req, ServerResponse res) {
        String csv = tickets.exportCsv(AdminAuth.actor(req), req.query().first("propertyId").orElse(null));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tickets.csv\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(csv);
    }

    private void status(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        // Room for a note of MAX_NOTE characters in any script, JSON-escaped.
        JsonObject body = JsonRequests.readObject(req, 32 * 1024);
        Ticket ticket = tickets.setStatus(actor, req.path().pathParameters().get("reference"),
                JsonRequests.requiredString(body, "status"), JsonRequests.optionalString(body, "note").orElse(null));
        send(res, actor, ticket);
    }

    private void assign(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, 4096);
        // {"username": null} or "" unassigns.
        Ticket ticket = tickets.assign(actor, req.path().pathParameters().get("reference"),
                JsonRequests.optionalString(body, "username").orElse(null));
        send(res, actor, ticket);
    }

    private void history(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder steps = Json.createArrayBuilder();
        for (TicketHistory h : tickets.history(AdminAuth.actor(req), req.path().pathParameters().get("reference"))) {
            JsonObjectBuilder step = Json.createObjectBuilder().add("at", h.at().toString()).add("by", h.who())
                    .add("kind", h.kind());
            if (h.status() != null) {
                step.add("status", h.status());
            }
            if (h.kind().equals("assigned")) {
                step.add("assignee", h.assignee() == null ? JsonValue.NULL : Json.createValue(h.assignee()));
            }
            if (h.note() != null) {
                step.add("note", h.note());
            }
            steps.add(step);
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("history", steps).build());
    }

    private void duplicates(ServerRequest req, ServerResponse res) {
        List<String> references = tickets.possibleDuplicates(AdminAuth.actor(req),
                req.path().pathParameters().get("reference"));
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("possibleDuplicates", Json.createArrayBuilder(references)).build());
    }

    private void send(ServerResponse res, Actor actor, Ticket ticket) {
        JsonResponses.send(res, 200, staffJson(ticket,
                tickets.possibleDuplicates(actor, ticket.reference())).build());
    }

    /**
     * The ticket as the webhook and the tenant's export show it, plus what only staff see: who works on it and
     * its possible duplicates.
     */
    private static JsonObjectBuilder staffJson(Ticket ticket, List<String> duplicates) {
        JsonObjectBuilder json = TicketJson.json(ticket);
        if (ticket.assignee() != null) {
            json.add("assignee", ticket.assignee()).add("assignedAt", ticket.assignedAt().toString());
        }
        return json.add("possibleDuplicates", Json.createArrayBuilder(duplicates));
    }
}
