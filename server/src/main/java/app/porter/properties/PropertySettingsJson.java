package app.porter.properties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.errors.InvalidInput;
import app.porter.flows.PropertySettingsStore;

/**
 * A property's settings between the admin API's JSON and the store: the same names as the YAML files, in camel
 * case ({@code emergency-line} is {@code emergencyLine}, {@code office-hours.reply-within} is
 * {@code officeHours.replyWithin}), except {@code timeZone}, which the API keeps beside {@code officeHours}.
 */
final class PropertySettingsJson {

    private static final Pattern UPPER = Pattern.compile("[A-Z]");
    private static final Pattern DASHED = Pattern.compile("-([a-z])");

    private PropertySettingsJson() {
    }

    /** {@code emergencyLine} → {@code emergency-line}. */
    static String kebab(String camel) {
        return UPPER.matcher(camel).replaceAll(m -> "-" + m.group().toLowerCase(Locale.ROOT));
    }

    /** {@code emergency-line} → {@code emergencyLine}. */
    static String camel(String kebab) {
        Matcher m = DASHED.matcher(kebab);
        return m.replaceAll(r -> r.group(1).toUpperCase(Locale.ROOT));
    }

    /** The store's error messages, with the API's names. */
    static String apiNames(String message) {
        String named = message;
        for (String key : PropertySettingsStore.KEYS) {
            named = named.replace(key, camel(key));
        }
        return named.replace("reply-within", "replyWithin");
    }

    /** The stored values (the YAML's names) as the API shows them. */
    static JsonObjectBuilder json(Map<String, Object> values) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (String key : PropertySettingsStore.KEYS) {
            Object value = values.get(key);
            if (value instanceof Map<?, ?> nested) {
                JsonObjectBuilder inner = Json.createObjectBuilder();
                nested.forEach((k, v) -> {
                    if (!"time-zone".equals(k)) { // shown as the top-level timeZone
                        inner.add(camel(String.valueOf(k)), String.valueOf(v));
                    }
                });
                json.add(camel(key), inner);
            } else if (value != null) {
                json.add(camel(key), String.valueOf(value));
            } else {
                json.addNull(camel(key));
            }
        }
        return json;
    }

    /**
     * The changes a request names, in the store's names: a null value resets that key. {@code notify} is not a
     * setting of the store and is left out.
     *
     * @throws InvalidInput for an unknown name or a value of the wrong type
     */
    static Map<String, Object> changes(JsonObject body) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            String name = e.getKey();
            if (name.equals("notify")) {
                continue;
            }
            String key = kebab(name);
            if (!PropertySettingsStore.KEYS.contains(key) || !camel(key).equals(name)) {
                throw new InvalidInput("unknown setting " + name + " (one of " + String.join(", ",
                        PropertySettingsStore.KEYS.stream().map(PropertySettingsJson::camel).toList()) + ", notify)");
            }
            changes.put(key, value(name, e.getValue(), List.of("heatingSeason", "officeHours").contains(name)));
        }
        return changes;
    }

    private static Object value(String name, JsonValue value, boolean object) {
        switch (value.getValueType()) {
            case NULL -> {
                return null;
            }
            case STRING -> {
                if (!object) {
                    return ((JsonString) value).getString().strip();
                }
            }
            case NUMBER -> {
                if (!object) {
                    return ((JsonNumber) value).toString();
                }
            }
            case OBJECT -> {
                if (object) {
                    Map<String, Object> nested = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
                        if (!(e.getValue() instanceof JsonString s)) {
                            throw new InvalidInput(name + "." + e.getKey() + " must be a string");
                        }
                        nested.put(kebab(e.getKey()), s.getString().strip());
                    }
                    return nested;
                }
            }
            default -> {
            }
        }
        throw new InvalidInput(name + (object ? " must be an object" : " must be a string") + " (or null for the default)");
    }
}
