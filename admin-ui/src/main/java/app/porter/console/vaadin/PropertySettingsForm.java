package app.porter.console.vaadin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.properties.PropertySetup;

/**
 * One property's settings as a form: numbers, ticket prefix, phone region, time zone, heating season, office hours
 * and notification addresses. Saving sends every field as the admin API's PUT would (an empty field: the default),
 * through the same {@link PropertySetup}, which checks it all before writing any and audits the change.
 */
final class PropertySettingsForm extends VerticalLayout {

    private static final List<String> NUMBERS = List.of("emergencyServices", "emergencyLine", "office", "ticketPrefix",
            "phoneRegion", "timeZone");
    private static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    private static final List<String> NOTIFY = List.of("emergency", "tenantRequest", "flow", "ticket", "any");

    private final PropertySetup setup;
    private final String propertyId;
    private final Span warning = new Span();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Map<String, TextField> hours = new LinkedHashMap<>();
    private final Map<String, TextField> notify = new LinkedHashMap<>();
    private final TextField heatingFrom = field("Heating season from (MM-DD)", "settings-heating-from");
    private final TextField heatingTo = field("Heating season to (MM-DD)", "settings-heating-to");
    private final Consumer<JsonObject> saved;

    /** @param saved told the settings after each save (the view refreshes its list's flags) */
    PropertySettingsForm(PropertySetup setup, String propertyId, Consumer<JsonObject> saved) {
        this.setup = setup;
        this.propertyId = propertyId;
        this.saved = saved;
        setPadding(false);
        warning.setId("settings-warning");
        warning.getElement().getThemeList().add("badge error");
        FormLayout numbers = new FormLayout();
        for (String name : NUMBERS) {
            TextField field = field(label(name), "settings-" + name);
            fields.put(name, field);
            numbers.add(field);
        }
        numbers.add(heatingFrom, heatingTo);
        FormLayout week = new FormLayout();
        for (String day : DAYS) {
            TextField field = field(Character.toUpperCase(day.charAt(0)) + day.substring(1) + " (HH:MM-HH:MM)",
                    "settings-hours-" + day);
            hours.put(day, field);
            week.add(field);
        }
        TextField replyWithin = field("Usual reply time (2h, 30m)", "settings-hours-replyWithin");
        hours.put("replyWithin", replyWithin);
        week.add(replyWithin);
        FormLayout addresses = new FormLayout();
        for (String priority : NOTIFY) {
            TextField field = field("Notify for " + priority + " (addresses, comma-separated)", "settings-notify-"
                    + priority);
            notify.put(priority, field);
            addresses.add(field);
        }
        Button save = new Button("Save settings", click -> save());
        save.setId("settings-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(warning, numbers, new H3("Office hours (a day left empty is closed)"), week,
                new H3("Who is notified about this property"), addresses, save);
        ConsoleRoles.attempt(who -> setup.settings(who, propertyId)).ifPresent(this::show);
    }

    private void save() {
        JsonObjectBuilder body = Json.createObjectBuilder();
        fields.forEach((name, field) -> put(body, name, field.getValue()));
        if (heatingFrom.getValue().isBlank() && heatingTo.getValue().isBlank()) {
            body.addNull("heatingSeason");
        } else {
            body.add("heatingSeason", Json.createObjectBuilder().add("from", heatingFrom.getValue().strip())
                    .add("to", heatingTo.getValue().strip()));
        }
        JsonObjectBuilder week = Json.createObjectBuilder();
        boolean open = false;
        for (String day : DAYS) {
            if (!hours.get(day).getValue().isBlank()) {
                week.add(day, hours.get(day).getValue().strip());
                open = true;
            }
        }
        if (!hours.get("replyWithin").getValue().isBlank()) {
            week.add("replyWithin", hours.get("replyWithin").getValue().strip());
        }
        if (open) {
            body.add("officeHours", week);
        } else {
            body.addNull("officeHours");
        }
        JsonObjectBuilder addresses = Json.createObjectBuilder();
        notify.forEach((priority, field) -> {
            JsonArrayBuilder list = Json.createArrayBuilder();
            Arrays.stream(field.getValue().split(",")).map(String::strip).filter(a -> !a.isEmpty()).forEach(list::add);
            addresses.add(priority, list);
        });
        body.add("notify", addresses);
        JsonObject request = body.build();
        ConsoleRoles.attempt(who -> setup.update(who, propertyId, request)).ifPresent(settings -> {
            ConsoleRoles.done("Settings saved: they count from the next tenant message");
            show(settings);
            saved.accept(settings);
        });
    }

    private void show(JsonObject settings) {
        fields.forEach((name, field) -> field.setValue(text(settings, name)));
        JsonObject heating = settings.get("heatingSeason") instanceof JsonObject h ? h : JsonValue.EMPTY_JSON_OBJECT;
        heatingFrom.setValue(text(heating, "from"));
        heatingTo.setValue(text(heating, "to"));
        JsonObject week = settings.get("officeHours") instanceof JsonObject w ? w : JsonValue.EMPTY_JSON_OBJECT;
        hours.forEach((day, field) -> field.setValue(text(week, day)));
        JsonObject addresses = settings.getJsonObject("notify");
        notify.forEach((priority, field) -> field.setValue(String.join(", ", addresses.getJsonArray(priority)
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList())));
        List<String> warnings = settings.getJsonArray("warnings").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
        warning.setText(String.join(" ", warnings));
        warning.setVisible(!warnings.isEmpty());
    }

    private static void put(JsonObjectBuilder body, String name, String value) {
        if (value == null || value.isBlank()) {
            body.addNull(name);
        } else {
            body.add(name, value.strip());
        }
    }

    private static String text(JsonObject json, String name) {
        return json.get(name) instanceof jakarta.json.JsonString s ? s.getString() : "";
    }

    private static String label(String name) {
        return switch (name) {
            case "emergencyServices" -> "Emergency services (named first)";
            case "emergencyLine" -> "Emergency line (on-call, day and night)";
            case "office" -> "Office phone";
            case "ticketPrefix" -> "Ticket prefix (1-5 capitals)";
            case "phoneRegion" -> "Phone region (US, GB, ...)";
            default -> "Time zone (e.g. America/Chicago)";
        };
    }

    private static TextField field(String label, String id) {
        TextField field = new TextField(label);
        field.setId(id);
        return field;
    }
}
