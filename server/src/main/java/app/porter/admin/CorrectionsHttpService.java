package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.gaps.Corrections;
import app.porter.gaps.Draft;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Corrections on the admin socket, {@code /api/admin/v1/corrections}: a draft entry from a staff reply in the inbox
 * (admin or agent), and publishing an entry, as the admin edited it, into the property's knowledge base (admin; it
 * closes the gap's group it names). Audited by {@link Corrections}.
 *
 * <pre>
 * curl -s -XPOST localhost:8082/api/admin/v1/corrections/drafts -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"conversationId":"'$CONVERSATION'","messageId":"'$REPLY'"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/corrections -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' \
 *      -d '{"propertyId":"maple-court","question":"Can I park a boat?","answer":"No, ...","gapId":"'$GAP'"}'
 * </pre>
 */
public final class CorrectionsHttpService implements HttpService {

    private static final int MAX_BODY = (Corrections.MAX_QUESTION_CHARS + Corrections.MAX_ANSWER_CHARS) * 4 + 1024;

    private final Corrections corrections;

    public CorrectionsHttpService(Corrections corrections) {
        this.corrections = corrections;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::publish)
                .post("/drafts", this::draft);
    }

    private void draft(ServerRequest req, ServerResponse res) {
        JsonObject body = JsonRequests.readObject(req, 4096);
        JsonResponses.send(res, 200, KnowledgeGapsHttpService.json(corrections.fromReply(AdminAuth.actor(req),
                JsonRequests.requiredString(body, "conversationId"),
                JsonRequests.requiredString(body, "messageId"))).build());
    }

    private void publish(ServerRequest req, ServerResponse res) {
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        Corrections.Published published = corrections.publish(AdminAuth.actor(req), new Draft(
                JsonRequests.requiredString(body, "propertyId"), JsonRequests.requiredString(body, "question"),
                JsonRequests.requiredString(body, "answer"), JsonRequests.optionalString(body, "gapId").orElse(null)));
        JsonResponses.send(res, 201, Json.createObjectBuilder().add("correctionId", published.correctionId())
                .add("documentId", published.documentId()).add("jobId", published.jobId())
                .add("gapsClosed", published.gapsClosed()).build());
    }
}
