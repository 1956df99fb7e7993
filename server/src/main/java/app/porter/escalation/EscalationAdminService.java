package app.porter.escalation;

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
import app.porter.admin.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Escalations on the admin socket, {@code /api/admin/v1/escalations}: what on-call staff work from.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/escalations?status=open' -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/status -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"status":"resolved"}'
 * </pre>
 */
public final class EscalationsHttpService implements HttpService {

    private static final int LIMIT = 500;
    private final EscalationService escalations;

    public EscalationsHttpService(EscalationService escalations) {
        this.escalations = escalations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}/status", this::status);
    }

    private void list(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String status = req.query().first("status").orElse(null);
        if (status != null && !EscalationService.STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + String.join(", ", EscalationService.STATUSES));
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        escalations.list(status, LIMIT).forEach(e -> list.add(json(e)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("escalations", list).build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        AdminPrincipal principal = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        JsonObject body = JsonRequests.readObject(req, 4096);
        String status = JsonRequests.requiredString(body, "status");
        if (!EscalationService.STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + String.join(", ", EscalationService.STATUSES));
        }
        Escalation updated = escalations.setStatus(req.path().pathParameters().get("id"), status,
                        "admin:" + principal.name())
                .orElseThrow(() -> ApiException.notFound("no such escalation"));
        JsonResponses.send(res, 200, json(updated).build());
    }

    /** An escalation as JSON, for the admin API and the webhook. */
    public static JsonObjectBuilder json(Escalation e) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", e.id())
                .add("conversationId", e.conversationId())
                .add("propertyId", e.propertyId())
                .add("reason", e.reason())
                .add("status", e.status())
                .add("createdAt", e.createdAt().toString())
                .add("updatedAt", e.updatedAt().toString());
        if (e.kind() == null) {
            json.addNull("kind");
        } else {
            json.add("kind", e.kind());
        }
        return json;
    }
}
