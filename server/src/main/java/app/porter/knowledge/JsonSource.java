package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import app.porter.json.BoundedJson;

/**
 * Property details as JSON, e.g. {@code {"name": ..., "address": ..., "officeHours": ..., "contacts": {...},
 * "amenities": [...], "emergencyNumbers": {...}}}: every top-level field becomes a section headed by its name
 * ("Office hours", "Emergency numbers"), nested values keep their keys ("Maintenance: (555) 0199"). A top-level
 * array is a list of entries, and entries with question and answer fields are an FAQ.
 */
final class JsonSource {

    private static final Set<String> TITLE_KEYS = Set.of("name", "title", "propertyName", "property_name");

    private JsonSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        JsonValue root;
        try {
            root = BoundedJson.read(bytes, Long.MAX_VALUE); // the upload's size is bounded before it gets here
        } catch (BoundedJson.JsonTooDeep e) {
            throw DocumentRejected.unreadable("the JSON file is nested deeper than " + BoundedJson.MAX_DEPTH
                    + " levels");
        } catch (JsonParsingException e) {
            throw DocumentRejected.unreadable("the JSON file is not valid JSON (line "
                    + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")");
        } catch (JsonException e) {
            throw DocumentRejected.unreadable("the JSON file is not valid JSON");
        }
        SectionBuilder builder = new SectionBuilder();
        String title = null;
        if (root instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> field : object.entrySet()) {
                if (title == null && TITLE_KEYS.contains(field.getKey()) && field.getValue() instanceof JsonString s) {
                    title = Text.clean(s.getString());
                    builder.heading(Text.humanize(field.getKey()));
                    builder.paragraph(title);
                    continue;
                }
                section(builder, Text.humanize(field.getKey()), field.getValue());
            }
        } else if (root instanceof JsonArray array) {
            int n = 0;
            for (JsonValue entry : array) {
                n++;
                entry(builder, entry, n);
            }
        } else {
            throw DocumentRejected.unreadable("the JSON file holds a single value; Porter reads an object or a list");
        }
        List<Chunk> chunks = builder.build();
        if (chunks.isEmpty()) {
            throw DocumentRejected.unreadable("the JSON file has no content");
        }
        return new ParsedDocument(title, builder.structure("sections"), 0, chunks);
    }

    private static void entry(SectionBuilder builder, JsonValue entry, int n) {
        if (entry instanceof JsonObject object) {
            String question = firstString(object, "question", "q");
            String answer = firstString(object, "answer", "a");
            if (question != null && answer != null) {
                builder.whole(question, answer, null);
                return;
            }
            String name = firstString(object, "name", "title", "id", "heading");
            section(builder, name == null ? "Entry " + n : name, object);
        } else {
            section(builder, "Entry " + n, entry);
        }
    }

    private static void section(SectionBuilder builder, String heading, JsonValue value) {
        builder.heading(heading);
        switch (value) {
            case JsonObject object -> object.forEach((key, v) -> builder.paragraph(Text.humanize(key) + ": " + inline(v)));
            case JsonArray array when array.stream().allMatch(v -> v instanceof JsonObject) ->
                    array.forEach(v -> builder.paragraph(inline(v)));
            default -> builder.paragraph(inline(value));
        }
    }

    /** A value on one line: scalars as they are, lists joined with commas, objects as "Key: value; Key: value". */
    static String inline(JsonValue value) {
        return inline(value, false);
    }

    private static String inline(JsonValue value, boolean nested) {
        return switch (value) {
            case JsonString s -> s.getString();
            case JsonNumber n -> n.toString();
            case JsonArray array -> {
                List<String> parts = new ArrayList<>();
                array.forEach(v -> parts.add(inline(v, true)));
                yield String.join(hasObjects(array) ? "; " : ", ", parts);
            }
            case JsonObject object -> {
                List<String> parts = new ArrayList<>();
                object.forEach((k, v) -> {
                    String text = inline(v, true);
                    if (!text.isEmpty()) {
                        parts.add(Text.humanize(k) + ": " + text);
                    }
                });
                String joined = String.join("; ", parts);
                yield nested && parts.size() > 1 ? "(" + joined + ")" : joined;
            }
            default -> value == JsonValue.TRUE ? "yes" : value == JsonValue.FALSE ? "no" : "";
        };
    }

    private static boolean hasObjects(JsonArray array) {
        return array.stream().anyMatch(x -> x instanceof JsonObject);
    }

    private static String firstString(JsonObject object, String... keys) {
        for (String key : keys) {
            if (object.get(key) instanceof JsonString s && !s.getString().isBlank()) {
                return Text.clean(s.getString());
            }
        }
        return null;
    }
}
