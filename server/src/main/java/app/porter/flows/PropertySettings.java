package app.porter.flows;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What flows need to know about one property: the numbers a tenant is given in an emergency, the prefix of its
 * ticket references, the region for phone numbers, its heating season and its office hours. Shipped defaults live in
 * {@code /flows/properties/<id>.yaml}; a file {@code <data dir>/flows/<id>/property.yaml} overrides them key by key.
 *
 * @param emergencyServices the public emergency number, named first when life is in danger (911, 112, ...)
 * @param emergencyLine the firm's 24-hour maintenance emergency line, answered by on-call staff
 * @param office the office phone number
 * @param ticketPrefix letters before a ticket's number, e.g. {@code MC} in MC-1042
 * @param phoneRegion ISO 3166 region used to read phone numbers written without a country code
 * @param heatingFrom first day of the heating season, or null when the property has none
 * @param heatingTo last day of the heating season
 * @param officeHours when the office answers tenants, or null when the property names no hours (then a hand-over
 *                    promises nothing about when)
 */
public record PropertySettings(String propertyId, String name, String emergencyServices, String emergencyLine,
                               String office, String ticketPrefix, String phoneRegion,
                               MonthDay heatingFrom, MonthDay heatingTo, OfficeHours officeHours) {

    private static final System.Logger LOG = System.getLogger(PropertySettings.class.getName());

    public PropertySettings {
        if (!ticketPrefix.matches("[A-Z]{1,5}")) {
            throw new IllegalArgumentException(propertyId + ": ticket-prefix must be 1-5 capital letters");
        }
    }

    /** The texts' placeholders: {emergencyServices}, {emergencyLine}, {office}, {property}. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new HashMap<>();
        values.put("emergencyServices", emergencyServices);
        values.put("emergencyLine", emergencyLine);
        values.put("office", office);
        values.put("property", name);
        values.put("prefix", ticketPrefix);
        return values;
    }

    /** True on days within the heating season (which may run across the new year, e.g. Oct 1 to Apr 30). */
    public boolean inHeatingSeason(LocalDate day) {
        if (heatingFrom == null || heatingTo == null) {
            return false;
        }
        MonthDay today = MonthDay.from(day);
        return heatingFrom.isBefore(heatingTo) || heatingFrom.equals(heatingTo)
                ? !today.isBefore(heatingFrom) && !today.isAfter(heatingTo)
                : !today.isBefore(heatingFrom) || !today.isAfter(heatingTo);
    }

    /** Reads the shipped file for {@code propertyId} (if any) and the data directory's override (if any). */
    public static PropertySettings load(String propertyId, String propertyName, Path dataDir,
                                        String defaultEmergencyServices) {
        Map<String, Object> shipped = new HashMap<>();
        if (PropertySettings.class.getResource("/flows/properties/" + propertyId + ".yaml") != null) {
            shipped.putAll(Yaml.classpath("/flows/properties/" + propertyId + ".yaml"));
        }
        Path override = dataDir.resolve("flows").resolve(propertyId).resolve("property.yaml");
        try {
            Map<String, Object> merged = new HashMap<>(shipped);
            Yaml.file(override).ifPresent(merged::putAll);
            return from(propertyId, propertyName, defaultEmergencyServices, merged);
        } catch (RuntimeException e) {
            // A broken override must never cost a property its emergency answers: use the shipped settings.
            LOG.log(System.Logger.Level.WARNING, "ignoring " + override + " (" + e.getClass().getSimpleName()
                    + "); using the shipped settings for " + propertyId);
            return from(propertyId, propertyName, defaultEmergencyServices, shipped);
        }
    }

    private static PropertySettings from(String propertyId, String propertyName, String defaultEmergencyServices,
                                         Map<String, Object> merged) {
        String name = text(merged, "name").orElse(propertyName);
        String office = text(merged, "office").orElse("the property office");
        return new PropertySettings(propertyId, name,
                text(merged, "emergency-services").orElse(defaultEmergencyServices),
                text(merged, "emergency-line").orElse(office),
                office,
                text(merged, "ticket-prefix").orElse(defaultPrefix(propertyId)),
                text(merged, "phone-region").orElse("US").toUpperCase(Locale.ROOT),
                text(merged, "heating-season.from").or(() -> nested(merged, "heating-season", "from"))
                        .map(PropertySettings::monthDay).orElse(null),
                text(merged, "heating-season.to").or(() -> nested(merged, "heating-season", "to"))
                        .map(PropertySettings::monthDay).orElse(null),
                OfficeHours.parse(merged.get("office-hours")).orElse(null));
    }

    /** {@code maple-court} → MC: the first letter of each word of the id, at most five. */
    static String defaultPrefix(String propertyId) {
        StringBuilder prefix = new StringBuilder();
        for (String word : propertyId.split("-")) {
            if (!word.isEmpty() && Character.isLetter(word.charAt(0)) && prefix.length() < 5) {
                prefix.append(Character.toUpperCase(word.charAt(0)));
            }
        }
        return prefix.isEmpty() ? "T" : prefix.toString();
    }

    private static MonthDay monthDay(String mmdd) {
        return MonthDay.parse("--" + mmdd.strip());
    }

    private static Optional<String> text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static Optional<String> nested(Map<String, Object> map, String key, String inner) {
        return map.get(key) instanceof Map<?, ?> m && m.get(inner) != null
                ? Optional.of(String.valueOf(m.get(inner))) : Optional.empty();
    }
}
