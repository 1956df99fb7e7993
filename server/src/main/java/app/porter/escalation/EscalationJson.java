package app.porter.escalation;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** An escalation as JSON: one shape for the admin API and the webhook. */
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
        return json;
    }
}
