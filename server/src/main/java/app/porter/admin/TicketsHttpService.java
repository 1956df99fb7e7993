package app.porter.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.access.Actor;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.tickets.Ticket;
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
 *      -H 'Content-Type: application/json' -d '{"status":"scheduled"}'
 * </pre>
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
                .post("/{reference}/status", this::status);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String propertyId = req.query().first("propertyId").orElse(null);
        JsonArrayBuilder list = Json.createArrayBuilder();
        tickets.list(AdminAuth.actor(req), propertyId, LIMIT).forEach(t -> list.add(TicketJson.json(t)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("tickets", list).build());
    }

    private void one(ServerRequest req, ServerResponse res) {
        Ticket ticket = tickets.read(AdminAuth.actor(req), req.path().pathParameters().get("reference"));
        JsonResponses.send(res, 200, TicketJson.json(ticket).build());
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
        JsonObject body = JsonRequests.readObject(req, 4096);
        Ticket ticket = tickets.setStatus(actor, req.path().pathParameters().get("reference"),
                JsonRequests.requiredString(body, "status"));
        JsonResponses.send(res, 200, TicketJson.json(ticket).build());
    }
}
