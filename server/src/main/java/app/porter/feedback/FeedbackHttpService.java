package app.porter.feedback;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.chat.ChatHttpService;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.chat.TenantAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Tenant feedback under {@code /api/v1/conversations}, with the conversation's own bearer token.
 *
 * <pre>
 * curl -s -XPOST localhost:8080/api/v1/conversations/$ID/messages/$MESSAGE/feedback -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"rating":"down","comment":"I asked about guest parking"}'
 * curl -s -XPOST localhost:8080/api/v1/conversations/$ID/csat -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"score":5,"ticketReference":"MC-1001"}'
 * </pre>
 */
public final class FeedbackHttpService implements HttpService {

    /** A comment's limit in characters, as UTF-8 at worst, and the JSON around it. */
    private static final int MAX_BODY = Feedback.MAX_COMMENT_CHARS * 4 + 1024;

    private final Conversations conversations;
    private final Feedback feedback;

    public FeedbackHttpService(Conversations conversations, Feedback feedback) {
        this.conversations = conversations;
        this.feedback = feedback;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/messages/{messageId}/feedback", this::rate)
                .post("/{id}/csat", this::csat);
    }

    private void rate(ServerRequest req, ServerResponse res) {
        Conversation conversation = TenantAuth.conversation(req, conversations);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        Feedback.Rated rated = feedback.rate(conversation, req.path().pathParameters().get("messageId"),
                JsonRequests.requiredString(body, "rating"), JsonRequests.optionalString(body, "comment").orElse(null));
        JsonObjectBuilder json = Json.createObjectBuilder().add("messageId", rated.messageId())
                .add("rating", rated.rating());
        if (rated.offer() != null) {
            json.add("offer", ChatHttpService.form(rated.offer()));
        }
        JsonResponses.send(res, 200, json.build());
    }

    private void csat(ServerRequest req, ServerResponse res) {
        Conversation conversation = TenantAuth.conversation(req, conversations);
        JsonObject body = JsonRequests.readObject(req, 4096);
        JsonValue score = body.get("score");
        if (score == null || score.getValueType() != JsonValue.ValueType.NUMBER
                || !((JsonNumber) score).isIntegral()) {
            throw ApiException.badRequest("\"score\" must be a whole number from 1 to 5");
        }
        String reference = JsonRequests.optionalString(body, "ticketReference").map(String::strip).orElse(null);
        feedback.csat(conversation, ((JsonNumber) score).intValue(), reference);
        JsonObjectBuilder json = Json.createObjectBuilder().add("score", ((JsonNumber) score).intValue());
        if (reference != null) {
            json.add("ticketReference", reference);
        }
        JsonResponses.send(res, 200, json.build());
    }
}
