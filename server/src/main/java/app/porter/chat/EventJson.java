package app.porter.chat;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

/** The data of a tenant's stream events: one shape for live events and for replay. */
final class EventJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private EventJson() {
    }

    /** {@code message}: {@code {"messageId","role","author","text","createdAt"}}. */
    static JsonObject message(ChatMessage m) {
        return JSON.createObjectBuilder()
                .add("messageId", m.id())
                .add("role", m.role())
                .add("author", m.author() == null ? "" : m.author())
                .add("text", m.text())
                .add("createdAt", m.createdAt().toString())
                .build();
    }

    /** {@code held}: {@code {"by"}}, the name of the person now answering. */
    static JsonObject held(String displayName) {
        return JSON.createObjectBuilder().add("by", displayName).build();
    }

    /** {@code ticket}: {@code {"reference","status"}}, one of the conversation's tickets changed status. */
    static JsonObject ticket(String reference, String status) {
        return JSON.createObjectBuilder().add("reference", reference).add("status", status).build();
    }

    /** {@code released}: the bot answers again. */
    static JsonObject released() {
        return JSON.createObjectBuilder().build();
    }
}
