package app.porter.policy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.errors.InvalidInput;
import app.porter.language.Language;

/**
 * The policy set as JSON, one shape for the admin API and the stored versions: {@code answerPolicy}, {@code tone},
 * {@code greeting} (language tag → text), {@code topics} ({@code id}, {@code name}, {@code patterns}: language tag
 * → list of expressions) and {@code reviewBy}; a version adds {@code version}, {@code author}, {@code createdAt}.
 */
public final class PolicyJson {

    private PolicyJson() {
    }

    public static JsonObjectBuilder json(PolicyVersion version, LocalDate today) {
        return json(version.policy())
                .add("version", version.version())
                .add("author", version.author())
                .add("createdAt", version.createdAt().toString())
                .add("reviewDue", version.reviewDue(today));
    }

    static JsonObjectBuilder json(PolicyDraft policy) {
        JsonObjectBuilder greeting = Json.createObjectBuilder();
        policy.greeting().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> greeting.add(e.getKey().tag(), e.getValue()));
        JsonArrayBuilder topics = Json.createArrayBuilder();
        for (PolicyTopic topic : policy.topics()) {
            JsonObjectBuilder patterns = Json.createObjectBuilder();
            for (Language lang : Language.values()) {
                List<String> list = topic.patterns().getOrDefault(lang, List.of());
                if (!list.isEmpty()) {
                    patterns.add(lang.tag(), Json.createArrayBuilder(list));
                }
            }
            topics.add(Json.createObjectBuilder().add("id", topic.id()).add("name", topic.name())
                    .add("patterns", patterns));
        }
        return Json.createObjectBuilder()
                .add("answerPolicy", policy.answerPolicy())
                .add("tone", policy.tone())
                .add("greeting", greeting)
                .add("topics", topics)
                .add("reviewBy", policy.reviewBy().toString());
    }

    /**
     * A new version from a request: each field the body leaves out is the {@code base}'s (the active version), so
     * {@code {"tone": "..."}} changes the tone alone; {@code reviewBy} left out is {@code defaultReviewBy}.
     *
     * @throws InvalidInput for a field of the wrong type or an invalid value, naming it
     */
    public static PolicyDraft draft(JsonObject body, PolicyDraft base, LocalDate defaultReviewBy) {
        String answerPolicy = body.containsKey("answerPolicy") ? string(body, "answerPolicy") : base.answerPolicy();
        String tone = body.containsKey("tone") ? string(body, "tone") : base.tone();
        Map<Language, String> greeting = body.containsKey("greeting") ? greeting(object(body, "greeting"))
                : base.greeting();
        List<PolicyTopic> topics = body.containsKey("topics") ? topics(body.get("topics")) : base.topics();
        LocalDate reviewBy = defaultReviewBy;
        if (body.containsKey("reviewBy")) {
            try {
                reviewBy = LocalDate.parse(string(body, "reviewBy"));
            } catch (DateTimeException e) {
                throw new InvalidInput("reviewBy must be a date, YYYY-MM-DD");
            }
        }
        return new PolicyDraft(answerPolicy, tone, greeting, topics, reviewBy);
    }

    /** A stored version's policy (written by {@link #json(PolicyDraft)}). */
    static PolicyDraft stored(JsonObject json) {
        return new PolicyDraft(json.getString("answerPolicy"), json.getString("tone"),
                greeting(json.getJsonObject("greeting")), topics(json.get("topics")),
                LocalDate.parse(json.getString("reviewBy")));
    }

    private static Map<Language, String> greeting(JsonObject json) {
        Map<Language, String> greeting = new EnumMap<>(Language.class);
        for (Map.Entry<String, JsonValue> e : json.entrySet()) {
            Language lang = language(e.getKey(), "greeting");
            if (!(e.getValue() instanceof JsonString text)) {
                throw new InvalidInput("greeting." + e.getKey() + " must be a string");
            }
            greeting.put(lang, text.getString());
        }
        return greeting;
    }

    private static List<PolicyTopic> topics(JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidInput("topics must be an array of {\"id\", \"name\", \"patterns\"}");
        }
        List<PolicyTopic> topics = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidInput("topics must be an array of {\"id\", \"name\", \"patterns\"}");
            }
            JsonObject topic = item.asJsonObject();
            String id = string(topic, "id");
            Map<Language, List<String>> patterns = new EnumMap<>(Language.class);
            for (Map.Entry<String, JsonValue> e : object(topic, "patterns").entrySet()) {
                Language lang = language(e.getKey(), "topic " + id);
                if (e.getValue().getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new InvalidInput("topic " + id + ": patterns." + e.getKey() + " must be a list of strings");
                }
                List<String> list = new ArrayList<>();
                for (JsonValue p : e.getValue().asJsonArray()) {
                    if (!(p instanceof JsonString s)) {
                        throw new InvalidInput("topic " + id + ": patterns." + e.getKey() + " must be a list of strings");
                    }
                    list.add(s.getString());
                }
                patterns.put(lang, list);
            }
            topics.add(new PolicyTopic(id, string(topic, "name"), patterns));
        }
        return topics;
    }

    private static Language language(String tag, String where) {
        return Language.fromTag(tag).orElseThrow(() -> new InvalidInput(where + ": unknown language " + tag
                + " (one of " + String.join(", ", Language.tags()) + ")"));
    }

    private static String string(JsonObject body, String field) {
        if (!(body.get(field) instanceof JsonString s)) {
            throw new InvalidInput(field + " must be a string");
        }
        return s.getString();
    }

    private static JsonObject object(JsonObject body, String field) {
        JsonValue value = body.get(field);
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidInput(field + " must be an object");
        }
        return value.asJsonObject();
    }
}
