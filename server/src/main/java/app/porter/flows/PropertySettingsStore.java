package app.porter.flows;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Each property's settings, kept in the database: what staff set, key by key, over the defaults. A property the
 * database has nothing for imports its YAML files once (the shipped defaults and {@code <data dir>/flows/<id>/
 * property.yaml}), the first time it is needed; after that the files are not read again. A change counts from the
 * next tenant message: the settings are cached per property and the cache entry is replaced on every change.
 */
public final class PropertySettingsStore {

    static final List<Migration> MIGRATIONS = List.of(Migration.of("flows", 2));

    /** The keys staff may set: the YAML's names. */
    public static final List<String> KEYS = List.of("emergency-services", "emergency-line", "office", "ticket-prefix",
            "phone-region", "heating-season", "office-hours", "time-zone");

    private static final List<String> OFFICE_HOURS_KEYS = List.of("monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday", "reply-within", "time-zone");

    private final Database database;
    private final AuditLog audit;
    private final Function<String, Optional<String>> names;
    private final Path dataDir;
    private final String defaultEmergencyServices;
    private final Clock clock;
    private final Map<String, PropertySettings> cache = new ConcurrentHashMap<>();

    /**
     * @param names a property's name by id, empty for a property the portfolio does not have
     * @param defaultEmergencyServices the emergency number of a property that names none
     */
    PropertySettingsStore(Database database, AuditLog audit, Function<String, Optional<String>> names, Path dataDir,
                          String defaultEmergencyServices, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.names = names;
        this.dataDir = dataDir;
        this.defaultEmergencyServices = defaultEmergencyServices;
        this.clock = clock;
    }

    /** The settings of {@code propertyId} as tenants' conversations use them. */
    public PropertySettings settings(String propertyId) {
        return cache.computeIfAbsent(propertyId, id -> {
            Optional<String> name = names.apply(id);
            return name.isEmpty() ? PropertySettings.load(id, id, dataDir, defaultEmergencyServices)
                    : PropertySettings.of(id, name.get(), defaultEmergencyServices, values(id));
        });
    }

    /** What is set for {@code propertyId} (the YAML's names), importing its files first if nothing is stored yet. */
    public Map<String, Object> values(String propertyId) {
        return stored(propertyId).orElseGet(() -> {
            Map<String, Object> files = new TreeMap<>(PropertySettings.files(propertyId, dataDir));
            files.keySet().retainAll(KEYS);
            // The office's zone is the property's: kept as one setting (time-zone), as the console shows it.
            if (files.get("office-hours") instanceof Map<?, ?> hours && hours.containsKey("time-zone")) {
                Map<Object, Object> rest = new TreeMap<>(hours);
                files.putIfAbsent("time-zone", String.valueOf(rest.remove("time-zone")));
                files.put("office-hours", rest);
            }
            if (names.apply(propertyId).isPresent()) {
                write(propertyId, files, "system");
                audit.append("system", "property.settings.imported", "property/" + propertyId,
                        files.isEmpty() ? "no settings files" : String.join(", ", files.keySet()));
            }
            return files;
        });
    }

    /**
     * Changes the keys {@code changes} names (a null value resets a key to its default) and leaves the others;
     * admin role; audited with the names of the keys changed.
     *
     * @throws NotFound for a property the portfolio does not have
     * @throws InvalidInput for an unknown key or a value that is not valid, with what is wrong
     */
    public PropertySettings update(Actor actor, String propertyId, Map<String, Object> changes) {
        actor.require("changing a property's settings", Role.ADMIN);
        String name = names.apply(propertyId).orElseThrow(() -> new NotFound("no such property"));
        for (String key : changes.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInput("unknown setting " + key);
            }
        }
        synchronized (this) {
            Map<String, Object> next = new TreeMap<>(values(propertyId));
            changes.forEach((key, value) -> {
                if (value == null) {
                    next.remove(key);
                } else {
                    next.put(key, value);
                }
            });
            PropertySettings settings = validated(propertyId, name, next);
            database.transaction(connection -> {
                write(propertyId, next, actor.who());
                audit.append(connection, actor.who(), "property.settings.changed", "property/" + propertyId,
                        String.join(", ", new TreeMap<>(changes).keySet()));
                return null;
            });
            cache.put(propertyId, settings);
            return settings;
        }
    }

    /** Forgets the cached settings of {@code propertyId} (it was renamed). */
    public void refresh(String propertyId) {
        cache.remove(propertyId);
    }

    private PropertySettings validated(String propertyId, String name, Map<String, Object> values) {
        for (String key : List.of("emergency-services", "emergency-line", "office")) {
            Object number = values.get(key);
            if (number != null && !String.valueOf(number).matches("[0-9+() .\\-]{2,30}")) {
                throw new InvalidInput(key + " must be a phone number (digits, spaces, + ( ) - .), was " + number);
            }
        }
        if (values.get("office-hours") instanceof Map<?, ?> hours) {
            for (Object key : hours.keySet()) {
                if (!OFFICE_HOURS_KEYS.contains(String.valueOf(key))) {
                    throw new InvalidInput("office-hours: unknown key " + key + " (days monday to sunday, reply-within)");
                }
            }
        } else if (values.get("office-hours") != null) {
            throw new InvalidInput("office-hours must be an object of days and reply-within");
        }
        try {
            PropertySettings settings = PropertySettings.of(propertyId, name, defaultEmergencyServices, values);
            if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions()
                    .contains(settings.phoneRegion())) {
                throw new InvalidInput("phone-region must be an ISO 3166 region such as US or GB, was "
                        + settings.phoneRegion());
            }
            return settings;
        } catch (InvalidInput e) {
            throw e;
        } catch (DateTimeException e) {
            throw new InvalidInput("not a valid date, time or time zone: " + e.getMessage());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new InvalidInput(e.getMessage() == null ? "invalid settings" : e.getMessage()
                    .replace(propertyId + ": ", ""));
        }
    }

    private Optional<Map<String, Object>> stored(String propertyId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT settings FROM property_settings WHERE property_id = ?")) {
                query.setString(1, propertyId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    try (var reader = Json.createReader(new StringReader(row.getString(1)))) {
                        return Optional.of(map(reader.readObject()));
                    }
                }
            }
        });
    }

    private void write(String propertyId, Map<String, Object> values, String who) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO property_settings (property_id, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (property_id) DO UPDATE SET settings = excluded.settings,"
                            + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")) {
                upsert.setString(1, propertyId);
                upsert.setString(2, json(values).build().toString());
                upsert.setString(3, clock.instant().toString());
                upsert.setString(4, who);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** Scalars as strings (YAML may read {@code 911} as a number), maps as objects. */
    private static JsonObjectBuilder json(Map<?, ?> values) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                json.add(String.valueOf(key), json(nested));
            } else if (value != null) {
                json.add(String.valueOf(key), String.valueOf(value));
            }
        });
        return json;
    }

    private static Map<String, Object> map(JsonObject json) {
        Map<String, Object> values = new LinkedHashMap<>();
        json.forEach((key, value) -> values.put(key, value.getValueType() == JsonValue.ValueType.OBJECT
                ? map(value.asJsonObject()) : ((JsonString) value).getString()));
        return values;
    }
}
