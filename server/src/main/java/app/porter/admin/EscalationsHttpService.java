package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.access.Actor;
import app.porter.escalation.Escalation;
import app.porter.escalation.EscalationJson;
import app.porter.escalation.Escalations;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Escalations on the admin socket, {@code /api/admin/v1/escalations}: what on-call staff (admin or agent role) work
 * from. {@link Escalations} checks the role and audits every change.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/escalations?status=open' -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/status -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"status":"resolved"}'
 * </pre>
 */
public final class EscalationsHttpService implements HttpService {

    private static final int LIMIT = 500;
    private final Escalations escalations;

    public EscalationsHttpService(Escalations escalations) {
        this.escalations = escalations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}/status", this::status);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        escalations.list(AdminAuth.actor(req), req.query().first("status").orElse(null), LIMIT)
                .forEach(e -> list.add(EscalationJson.json(e)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("escalations", list).build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, 4096);
        Escalation updated = escalations.setStatus(actor, req.path().pathParameters().get("id"),
                JsonRequests.requiredString(body, "status"));
        JsonResponses.send(res, 200, EscalationJson.json(updated).build());
    }
}
