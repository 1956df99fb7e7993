package app.porter.dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.chat.AnswerMode;
import app.porter.chat.ChatMessage;
import app.porter.chat.Citation;
import app.porter.chat.Conversation;
import app.porter.feedback.Feedback;

/**
 * One conversation as a chat record: the system instruction, then user and assistant turns alternating. A staff
 * reply that follows Porter's answer before the tenant writes again replaces that answer (it is the correction the
 * model should learn); the bot's "someone from the office will reply here" lines are left out. Consecutive
 * messages of one side are joined into one turn, as chat formats expect.
 */
final class TrainingRecord {

    private record Turn(String role, String source, StringBuilder content, String mode, List<Citation> citations) {
    }

    private final Conversation conversation;
    private final List<Turn> turns;
    private final Set<String> modes;
    private final boolean corrected;
    private final String system;
    private final Pseudonyms pseudonyms;

    private TrainingRecord(Conversation conversation, List<Turn> turns, Set<String> modes, boolean corrected,
                           String system, Pseudonyms pseudonyms) {
        this.conversation = conversation;
        this.turns = turns;
        this.modes = modes;
        this.corrected = corrected;
        this.system = system;
        this.pseudonyms = pseudonyms;
    }

    /** The record, or null when the conversation has no tenant turn or no answer. */
    static TrainingRecord of(Conversation conversation, List<ChatMessage> history, String system,
                             Pseudonyms pseudonyms) {
        List<Turn> turns = new ArrayList<>();
        Set<String> modes = new LinkedHashSet<>();
        boolean corrected = false;
        for (ChatMessage m : history) {
            Turn last = turns.isEmpty() ? null : turns.getLast();
            switch (m.role()) {
                case "tenant" -> {
                    if (last != null && last.role().equals("user")) {
                        last.content().append("\n\n").append(pseudonyms.apply(m.text()));
                    } else {
                        turns.add(new Turn("user", "tenant", new StringBuilder(pseudonyms.apply(m.text())), null,
                                List.of()));
                    }
                }
                case "staff" -> {
                    String text = pseudonyms.apply(m.text());
                    if (last != null && last.role().equals("assistant") && last.source().equals("porter")) {
                        turns.set(turns.size() - 1, new Turn("assistant", "staff", new StringBuilder(text),
                                last.mode(), List.of()));
                        corrected = true;
                    } else if (last != null && last.source().equals("staff")) {
                        last.content().append("\n\n").append(text);
                    } else {
                        turns.add(new Turn("assistant", "staff", new StringBuilder(text), null, List.of()));
                    }
                }
                default -> {
                    if (m.mode() == AnswerMode.HUMAN) {
                        continue;
                    }
                    String mode = m.mode() == null ? null : m.mode().id();
                    if (mode != null) {
                        modes.add(mode);
                    }
                    if (last != null && last.role().equals("assistant") && last.source().equals("porter")) {
                        last.content().append("\n\n").append(pseudonyms.apply(m.text()));
                        last.citations().addAll(m.citations());
                    } else {
                        turns.add(new Turn("assistant", "porter", new StringBuilder(pseudonyms.apply(m.text())),
                                mode, new ArrayList<>(m.citations())));
                    }
                }
            }
        }
        boolean asked = turns.stream().anyMatch(t -> t.role().equals("user"));
        boolean answered = turns.stream().anyMatch(t -> t.role().equals("assistant"));
        return asked && answered ? new TrainingRecord(conversation, turns, modes, corrected, system, pseudonyms) : null;
    }

    JsonObject json(String recordId, String split, List<String> escalationReasons, List<String> ticketCategories,
                    Feedback.Verdict verdict) {
        JsonArrayBuilder messages = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "system").add("content", system));
        for (Turn t : turns) {
            JsonObjectBuilder turn = Json.createObjectBuilder().add("role", t.role()).add("content",
                    t.content().toString());
            if (t.role().equals("assistant")) {
                turn.add("source", t.source());
                if (t.mode() != null) {
                    turn.add("mode", t.mode());
                }
                JsonArrayBuilder cited = Json.createArrayBuilder();
                for (Citation c : t.citations()) {
                    cited.add(Json.createObjectBuilder().add("document", c.document()).add("section", c.title())
                            .add("passage", pseudonyms.apply(c.snippet())));
                }
                turn.add("citations", cited);
            }
            messages.add(turn);
        }
        JsonArrayBuilder modeList = Json.createArrayBuilder();
        modes.forEach(modeList::add);
        JsonArrayBuilder kinds = Json.createArrayBuilder();
        escalationReasons.forEach(kinds::add);
        JsonArrayBuilder flows = Json.createArrayBuilder();
        ticketCategories.forEach(flows::add);
        JsonObjectBuilder labels = Json.createObjectBuilder()
                .add("language", conversation.language() == null ? "und" : conversation.language().tag())
                .add("escalated", !escalationReasons.isEmpty())
                .add("escalations", kinds)
                .add("emergency", escalationReasons.contains("emergency"))
                .add("flow", !ticketCategories.isEmpty())
                .add("tickets", flows)
                .add("correctedByStaff", corrected)
                .add("thumbsUp", verdict.thumbsUp())
                .add("thumbsDown", verdict.thumbsDown())
                .add("answerModes", modeList);
        if (verdict.satisfaction() != null) {
            labels.add("csat", verdict.satisfaction());
        }
        return Json.createObjectBuilder()
                .add("id", recordId)
                .add("split", split)
                .add("propertyId", conversation.propertyId())
                .add("messages", messages)
                .add("labels", labels)
                .build();
    }
}
