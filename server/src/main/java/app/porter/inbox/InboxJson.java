package app.porter.inbox;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import app.porter.chat.ChatMessage;
import app.porter.chat.StaffNote;
import app.porter.escalation.EscalationJson;
import app.porter.knowledge.ScoredPassage;

/** The inbox as JSON, for the admin API. */
public final class InboxJson {

    private InboxJson() {
    }

    /** An escalation as {@link EscalationJson} has it, with its SLA, unit, language and redacted preview. */
    public static JsonObjectBuilder item(Inbox.Item item) {
        JsonObjectBuilder json = EscalationJson.json(item.escalation())
                .add("ageSeconds", item.age().toSeconds())
                .add("due", item.due().toString())
                .add("breached", item.breached())
                .add("preview", item.preview());
        optional(json, "unitId", item.unitId());
        optional(json, "language", item.language());
        return json;
    }

    /**
     * The item, then {@code replyContact} (the e-mail or phone the tenant left for the reply, if any),
     * {@code messages}, {@code notes} and {@code suggestions}.
     */
    public static JsonObjectBuilder transcript(Inbox.Transcript t) {
        JsonArrayBuilder messages = Json.createArrayBuilder();
        t.messages().forEach(m -> messages.add(message(m)));
        JsonArrayBuilder notes = Json.createArrayBuilder();
        t.notes().forEach(n -> notes.add(note(n)));
        JsonArrayBuilder suggestions = Json.createArrayBuilder();
        for (ScoredPassage hit : t.suggestions()) {
            suggestions.add(Json.createObjectBuilder()
                    .add("sourceId", hit.passage().id())
                    .add("document", hit.passage().documentTitle())
                    .add("title", hit.passage().title())
                    .add("text", hit.passage().text())
                    .add("score", hit.score()));
        }
        JsonObjectBuilder json = item(t.item());
        optional(json, "replyContact", t.replyContact());
        return json
                .add("messages", messages)
                .add("notes", notes)
                .add("suggestions", suggestions);
    }

    public static JsonObjectBuilder message(ChatMessage m) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("messageId", m.id())
                .add("role", m.role())
                .add("text", m.text())
                .add("createdAt", m.createdAt().toString());
        optional(json, "mode", m.mode() == null ? null : m.mode().id());
        optional(json, "author", m.author());
        return json;
    }

    public static JsonObjectBuilder note(StaffNote n) {
        return Json.createObjectBuilder()
                .add("noteId", n.id())
                .add("author", n.author())
                .add("text", n.text())
                .add("createdAt", n.createdAt().toString());
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
