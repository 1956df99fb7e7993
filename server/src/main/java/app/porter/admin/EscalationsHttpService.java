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
import app.porter.inbox.Inbox;
import app.porter.inbox.InboxJson;

/**
 * Escalations on the admin socket, {@code /api/admin/v1/escalations}: what on-call staff (admin or agent role) work
 * from, and the inbox's live takeover. {@link Escalations} and {@link Inbox} check the role and audit every change
 * and every read of a transcript.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/escalations?status=open' -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/escalations/queue -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/escalations/$ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/claim -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/messages -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"text":"Hi, this is Alex from the office. A plumber comes at 3pm."}'
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/notes -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"text":"Called the plumber, confirmed 3pm."}'
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/release -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/escalations/$ID/status -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"status":"resolved"}'
 * </pre>
 */
public final class EscalationsHttpService implements HttpService {

    private static final int LIMIT = 500;
    /** A reply or note body: the text's limit in characters, as UTF-8 at worst, and the JSON around it. */
    private static final int MAX_BODY = Inbox.MAX_TEXT_CHARS * 4 + 1024;
    private final Escalations escalations;
    private final Inbox inbox;

    public EscalationsHttpService(Escalations escalations, Inbox inbox) {
        this.escalations = escalations;
        this.inbox = inbox;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/queue", this::queue)
                .get("/{id}", this::open)
                .post("/{id}/status", this::status)
                .post("/{id}/claim", this::claim)
                .post("/{id}/messages", this::reply)
                .post("/{id}/notes", this::note)
                .post("/{id}/release", this::release);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        escalations.list(AdminAuth.actor(req), req.query().first("status").orElse(null), LIMIT)
                .forEach(e -> list.add(EscalationJson.json(e)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("escalations", list).build());
    }

    private void queue(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        inbox.queue(AdminAuth.actor(req)).forEach(item -> list.add(InboxJson.item(item)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("escalations", list).build());
    }

    private void open(ServerRequest req, ServerResponse res) {
        Inbox.Transcript transcript = inbox.open(AdminAuth.actor(req), id(req));
        JsonResponses.send(res, 200, InboxJson.transcript(transcript).build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, 4096);
        Escalation updated = escalations.setStatus(actor, id(req), JsonRequests.requiredString(body, "status"));
        JsonResponses.send(res, 200, EscalationJson.json(updated).build());
    }

    private void claim(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, EscalationJson.json(inbox.claim(AdminAuth.actor(req), id(req))).build());
    }

    private void reply(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        JsonResponses.send(res, 201, InboxJson.message(inbox.reply(actor, id(req),
                JsonRequests.requiredString(body, "text"))).build());
    }

    private void note(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        JsonResponses.send(res, 201, InboxJson.note(inbox.note(actor, id(req),
                JsonRequests.requiredString(body, "text"))).build());
    }

    private void release(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, EscalationJson.json(inbox.release(AdminAuth.actor(req), id(req))).build());
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
