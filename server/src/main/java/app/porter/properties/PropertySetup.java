package app.porter.properties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.flows.PropertySettings;
import app.porter.flows.PropertySettingsStore;
import app.porter.notify.Notifications;
import app.porter.notify.Route;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * Setting a property up, the one way for the console and the admin API: its name and its units' names, its
 * settings (numbers, ticket prefix, phone region, heating season, office hours, time zone) and who is notified
 * about it ({@code notify}: this property's lines of the notification routing table, by priority). Admin role;
 * every change is audited by the service that makes it. A property with no emergency line is flagged.
 */
public final class PropertySetup {

    /** The {@code notify} keys: the notification priorities in camel case, and {@code any}. */
    static final List<String> NOTIFY_KEYS;

    static {
        List<String> keys = new ArrayList<>(Notifications.PRIORITIES.stream().map(PropertySettingsJson::camel).toList());
        keys.add("any");
        NOTIFY_KEYS = List.copyOf(keys);
    }

    private final Portfolio portfolio;
    private final PropertySettingsStore settings;
    private final Notifications notifications;

    public PropertySetup(Portfolio portfolio, PropertySettingsStore settings, Notifications notifications) {
        this.portfolio = portfolio;
        this.settings = settings;
        this.notifications = notifications;
    }

    /** Whether tenants of {@code propertyId} are given no number for on-call staff in an emergency. */
    public boolean emergencyLineMissing(String propertyId) {
        return !settings.values(propertyId).containsKey("emergency-line");
    }

    /**
     * The settings of {@code propertyId} as the API shows them: what is set ({@code null}: the default), the
     * ticket prefix, phone region and emergency services in effect, {@code notify}, and {@code warnings}.
     */
    public JsonObject settings(Actor actor, String propertyId) {
        actor.require("reading a property's settings", Role.ADMIN);
        Property property = property(propertyId);
        PropertySettings effective = settings.settings(propertyId);
        JsonObjectBuilder json = PropertySettingsJson.json(settings.values(propertyId))
                .add("propertyId", property.id())
                .add("name", property.name())
                .add("emergencyServices", effective.emergencyServices())
                .add("ticketPrefix", effective.ticketPrefix())
                .add("phoneRegion", effective.phoneRegion())
                .add("notify", notify(actor, propertyId));
        JsonArrayBuilder warnings = Json.createArrayBuilder();
        boolean missing = emergencyLineMissing(propertyId);
        if (missing) {
            warnings.add(effective.office() != null
                    ? "No emergency line: in an emergency tenants are given " + effective.emergencyServices()
                            + " and the office number " + effective.office() + ", which is not answered day and night."
                    : "No emergency line: in an emergency tenants are given " + effective.emergencyServices()
                            + " and no number for on-call staff.");
        }
        return json.add("emergencyLineMissing", missing).add("warnings", warnings).build();
    }

    /**
     * Changes the settings {@code body} names and leaves the others (a null resets one to its default); a
     * priority named in {@code notify} replaces this property's addresses for it. Everything is checked before
     * anything is written.
     *
     * @throws InvalidInput naming what is wrong
     */
    public JsonObject update(Actor actor, String propertyId, JsonObject body) {
        actor.require("changing a property's settings", Role.ADMIN);
        property(propertyId);
        Map<String, Object> changes = PropertySettingsJson.changes(body);
        Optional<List<Route>> routes = body.containsKey("notify")
                ? Optional.of(routes(actor, propertyId, body.get("notify"))) : Optional.empty();
        if (!changes.isEmpty()) {
            try {
                settings.update(actor, propertyId, changes);
            } catch (InvalidInput e) {
                throw new InvalidInput(PropertySettingsJson.apiNames(e.getMessage()));
            }
        }
        routes.ifPresent(all -> notifications.update(actor, Optional.of(all), Optional.empty()));
        return settings(actor, propertyId);
    }

    /** Renames a property: tenants' texts use the new name from their next message. */
    public Property rename(Actor actor, String propertyId, String name) {
        Property renamed = portfolio.rename(actor, propertyId, name);
        settings.refresh(propertyId);
        return renamed;
    }

    /** Names a unit anew (null clears its name). */
    public Unit renameUnit(Actor actor, String propertyId, String unitId, String name) {
        return portfolio.renameUnit(actor, propertyId, unitId, name);
    }

    private Property property(String propertyId) {
        return portfolio.find(propertyId).orElseThrow(() -> new NotFound("no such property"));
    }

    private JsonObjectBuilder notify(Actor actor, String propertyId) {
        Map<String, JsonArrayBuilder> byKey = new LinkedHashMap<>();
        NOTIFY_KEYS.forEach(k -> byKey.put(k, Json.createArrayBuilder()));
        for (Route route : notifications.settings(actor).routes()) {
            if (route.propertyId().filter(propertyId::equals).isPresent()) {
                byKey.get(route.priority().map(PropertySettingsJson::camel).orElse("any")).add(route.email());
            }
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        byKey.forEach(json::add);
        return json;
    }

    /** The whole routing table with this property's lines for the priorities {@code notify} names replaced. */
    private List<Route> routes(Actor actor, String propertyId, JsonValue notify) {
        if (notify.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidInput("notify must be an object of priority to a list of e-mail addresses");
        }
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : notify.asJsonObject().entrySet()) {
            if (!NOTIFY_KEYS.contains(e.getKey())) {
                throw new InvalidInput("notify." + e.getKey() + " is not a priority (one of "
                        + String.join(", ", NOTIFY_KEYS) + ")");
            }
            List<String> addresses = new ArrayList<>();
            if (e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                if (e.getValue().getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new InvalidInput("notify." + e.getKey() + " must be a list of e-mail addresses");
                }
                for (JsonValue address : e.getValue().asJsonArray()) {
                    if (!(address instanceof JsonString s)) {
                        throw new InvalidInput("notify." + e.getKey() + " must be a list of e-mail addresses");
                    }
                    addresses.add(s.getString().strip());
                }
            }
            named.put(e.getKey().equals("any") ? null : PropertySettingsJson.kebab(e.getKey()), addresses);
        }
        List<Route> all = new ArrayList<>();
        for (Route route : notifications.settings(actor).routes()) {
            boolean replaced = route.propertyId().filter(propertyId::equals).isPresent()
                    && named.containsKey(route.priority().orElse(null));
            if (!replaced) {
                all.add(route);
            }
        }
        named.forEach((priority, addresses) -> addresses.forEach(address -> {
            try {
                all.add(new Route(Optional.of(propertyId), Optional.ofNullable(priority), address));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("notify: " + e.getMessage());
            }
        }));
        return all;
    }
}
