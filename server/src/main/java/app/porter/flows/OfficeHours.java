package app.porter.flows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.porter.language.Language;

/**
 * When a property's office answers tenants: weekly opening hours in the office's own time zone, and how soon staff
 * usually reply while it is open. Read from a property's {@code office-hours} settings:
 *
 * <pre>
 * office-hours:
 *   time-zone: America/Chicago
 *   reply-within: 2h            # or 30m
 *   monday: "09:00-17:00"
 *   saturday: "10:00-13:00"     # a day left out (or "closed") is closed
 *   wednesday: "09:00-12:00, 13:00-17:00"
 * </pre>
 *
 * @param zone the office's time zone (the hours are wall-clock times there, so daylight saving is followed)
 * @param week the opening intervals of each day that has any, in order
 * @param replyWithin how soon staff usually reply while the office is open
 */
public record OfficeHours(ZoneId zone, Map<DayOfWeek, List<Opening>> week, Duration replyWithin) {

    /** Open from {@code from} (inclusive) to {@code to} (exclusive) on one day. */
    public record Opening(LocalTime from, LocalTime to) {
        public Opening {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("office hours must open before they close: " + from + "-" + to);
            }
        }
    }

    public OfficeHours {
        week = Map.copyOf(week);
        if (replyWithin.isNegative() || replyWithin.isZero()) {
            throw new IllegalArgumentException("office-hours.reply-within must be positive");
        }
    }

    /** Whether the office is open at {@code now}. */
    public boolean isOpen(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        for (Opening opening : week.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (!time.isBefore(opening.from()) && time.isBefore(opening.to())) {
                return true;
            }
        }
        return false;
    }

    /** When the office next opens after {@code now} (within the coming week); empty when it never opens. */
    public Optional<ZonedDateTime> nextOpening(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        // Eight days: today's later opening, the six days after, and today's weekday again next week.
        for (int day = 0; day <= 7; day++) {
            ZonedDateTime date = local.plusDays(day);
            for (Opening opening : week.getOrDefault(date.getDayOfWeek(), List.of())) {
                // atZone over the local date-time: a time skipped by a daylight-saving change moves forward.
                ZonedDateTime opens = date.toLocalDate().atTime(opening.from()).atZone(zone);
                if (opens.toInstant().isAfter(now)) {
                    return Optional.of(opens);
                }
            }
        }
        return Optional.empty();
    }

    /** "Monday, December 7, 2026, 9:00 AM (America/Chicago)", in the tenant's language (the office's zone named). */
    public static String format(ZonedDateTime when, Language lang) {
        Locale locale = Locale.forLanguageTag(lang.tag());
        return when.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                .withLocale(locale)) + " (" + when.getZone().getId() + ")";
    }

    /** Reads the {@code office-hours} map of a property file; empty when the property has none. */
    static Optional<OfficeHours> parse(Object settings) {
        if (!(settings instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Object zone = map.get("time-zone");
        if (zone == null) {
            throw new IllegalArgumentException("office-hours needs a time-zone, e.g. America/Chicago");
        }
        Map<DayOfWeek, List<Opening>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            Object hours = map.get(day.name().toLowerCase(Locale.ROOT));
            if (hours != null && !String.valueOf(hours).isBlank()
                    && !"closed".equalsIgnoreCase(String.valueOf(hours).strip())) {
                week.put(day, openings(String.valueOf(hours)));
            }
        }
        Object within = map.get("reply-within");
        return Optional.of(new OfficeHours(ZoneId.of(String.valueOf(zone).strip()), week,
                within == null ? Duration.ofHours(2) : duration(String.valueOf(within))));
    }

    /** "09:00-12:00, 13:00-17:00" */
    private static List<Opening> openings(String hours) {
        List<Opening> openings = new ArrayList<>();
        for (String interval : hours.split(",")) {
            String[] ends = interval.strip().split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException("office hours are written HH:MM-HH:MM, not " + interval.strip());
            }
            openings.add(new Opening(LocalTime.parse(pad(ends[0])), LocalTime.parse(pad(ends[1]))));
        }
        openings.sort((a, b) -> a.from().compareTo(b.from()));
        return openings;
    }

    /** 9:00 → 09:00, as LocalTime wants. */
    private static String pad(String time) {
        String t = time.strip();
        return t.indexOf(':') == 1 ? "0" + t : t;
    }

    /** "2h" or "30m". */
    private static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d{1,3}h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.matches("\\d{1,4}m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        throw new IllegalArgumentException("office-hours.reply-within is written like 2h or 30m, not " + text);
    }
}
