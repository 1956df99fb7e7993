package app.porter.escalation;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * An escalation as JSON: one shape for the admin API and the webhook. {@code priority} is 0 for emergencies, 1 for
 * tenant requests, 2 for flows; {@code claimedBy} is {@code {"who","displayName","at"}} or null.
 */
public final class EscalationJson {

    private EscalationJson() {
    }

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
        json.add("priority", e.priority());
        if (e.claim() == null) {
            json.addNull("claimedBy");
        } else {
            json.add("claimedBy", Json.createObjectBuilder()
                    .add("who", e.claim().who())
                    .add("displayName", e.claim().displayName())
                    .add("at", e.claim().at().toString()));
        }
        if (e.firstReplyAt() == null) {
            json.addNull("firstReplyAt");
        } else {
            json.add("firstReplyAt", e.firstReplyAt().toString());
        }
        return json;
    }
}
