package app.porter.flows;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What flows need to know about one property: the numbers a tenant is given in an emergency, the prefix of its
 * ticket references, the region for phone numbers, its heating season, its office hours and time zone. Staff set
 * them in the console or with {@code PUT /api/admin/v1/properties/{id}/settings} ({@link PropertySettingsStore}
 * keeps them in the database); a property the database has none for imports them once from the shipped defaults
 * ({@code /flows/properties/<id>.yaml}) and the data directory's {@code <data dir>/flows/<id>/property.yaml}, key
 * by key.
 *
 * @param name the property's name, as the portfolio knows it
 * @param emergencyServices the public emergency number, named first when life is in danger (911, 112, ...)
 * @param emergencyLine the firm's 24-hour maintenance emergency line, answered by on-call staff; the office number
 *                      when only that is known; null when neither is (emergencies then name emergency services alone)
 * @param office the office phone number, or null
 * @param ticketPrefix letters before a ticket's number, e.g. {@code MC} in MC-1042
 * @param phoneRegion ISO 3166 region used to read phone numbers written without a country code
 * @param heatingFrom first day of the heating season, or null when the property has none
 * @param heatingTo last day of the heating season
 * @param officeHours when the office answers tenants, or null when the property names no hours (then a hand-over
 *                    promises nothing about when)
 * @param timeZone the property's time zone (its office hours', its calendar for the heating season)
 */
public record PropertySettings(String propertyId, String name, String emergencyServices, String emergencyLine,
                               String office, String ticketPrefix, String phoneRegion,
                               MonthDay heatingFrom, MonthDay heatingTo, OfficeHours officeHours, ZoneId timeZone) {

    private static final System.Logger LOG = System.getLogger(PropertySettings.class.getName());

    /** What a text says for the office when the property names no office number. */
    static final String NO_OFFICE = "the property office";

    public PropertySettings {
        if (!ticketPrefix.matches("[A-Z]{1,5}")) {
            throw new IllegalArgumentException(propertyId + ": ticket-prefix must be 1-5 capital letters");
        }
        if (timeZone == null) {
            timeZone = officeHours != null ? officeHours.zone() : ZoneId.systemDefault();
        }
        if ((heatingFrom == null) != (heatingTo == null)) {
            throw new IllegalArgumentException("heating-season needs both from and to (MM-DD)");
        }
    }

    /** The texts' placeholders: {emergencyServices}, {emergencyLine}, {office}, {property}, {prefix}. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new HashMap<>();
        values.put("emergencyServices", emergencyServices);
        // Empty: the sentences that would name the line are left out (see Placeholders).
        values.put("emergencyLine", emergencyLine != null ? emergencyLine : "");
        values.put("office", office != null ? office : NO_OFFICE);
        values.put("property", name);
        values.put("prefix", ticketPrefix);
        return values;
    }

    /** These settings with {@code line} as the emergency line (one found in the property's documents). */
    public PropertySettings withEmergencyLine(String line) {
        return new PropertySettings(propertyId, name, emergencyServices, line, office, ticketPrefix, phoneRegion,
                heatingFrom, heatingTo, officeHours, timeZone);
    }

    /** Whether the property has a number for its on-call staff (its emergency line, or at least the office). */
    public boolean hasEmergencyLine() {
        return emergencyLine != null;
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
        return of(propertyId, propertyName, defaultEmergencyServices, files(propertyId, dataDir));
    }

    /**
     * The values of the shipped file for {@code propertyId} and the data directory's override, key by key (the
     * YAML's names); a broken override is left out, so a property never loses its emergency numbers to a typo.
     */
    static Map<String, Object> files(String propertyId, Path dataDir) {
        Map<String, Object> shipped = new HashMap<>();
        if (PropertySettings.class.getResource("/flows/properties/" + propertyId + ".yaml") != null) {
            shipped.putAll(Yaml.classpath("/flows/properties/" + propertyId + ".yaml"));
        }
        Path override = dataDir.resolve("flows").resolve(propertyId).resolve("property.yaml");
        try {
            Map<String, Object> merged = new HashMap<>(shipped);
            Yaml.file(override).ifPresent(merged::putAll);
            of(propertyId, propertyId, "911", merged);
            return merged;
        } catch (RuntimeException e) {
            // A broken override must never cost a property its emergency answers: use the shipped settings.
            LOG.log(System.Logger.Level.WARNING, "ignoring " + override + " (" + e.getClass().getSimpleName()
                    + "); using the shipped settings for " + propertyId);
            return shipped;
        }
    }

    /**
     * The settings of {@code values} (the YAML's names: emergency-line, office-hours, ...) over the defaults.
     *
     * @throws IllegalArgumentException (or a {@link java.time.DateTimeException}) for a value that is not valid
     */
    static PropertySettings of(String propertyId, String propertyName, String defaultEmergencyServices,
                               Map<String, Object> values) {
        String office = text(values, "office").orElse(null);
        Optional<ZoneId> zone = text(values, "time-zone").map(z -> ZoneId.of(z.strip()));
        Object hours = values.get("office-hours");
        if (hours instanceof Map<?, ?> map && zone.isPresent()) { // the property's zone is its office's
            Map<Object, Object> withZone = new HashMap<>(map);
            withZone.put("time-zone", zone.get().getId());
            hours = withZone;
        }
        return new PropertySettings(propertyId, propertyName,
                text(values, "emergency-services").orElse(defaultEmergencyServices),
                text(values, "emergency-line").orElse(office),
                office,
                text(values, "ticket-prefix").orElse(defaultPrefix(propertyId)),
                text(values, "phone-region").orElse("US").toUpperCase(Locale.ROOT),
                text(values, "heating-season.from").or(() -> nested(values, "heating-season", "from"))
                        .map(PropertySettings::monthDay).orElse(null),
                text(values, "heating-season.to").or(() -> nested(values, "heating-season", "to"))
                        .map(PropertySettings::monthDay).orElse(null),
                OfficeHours.parse(hours).orElse(null), zone.orElse(null));
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
