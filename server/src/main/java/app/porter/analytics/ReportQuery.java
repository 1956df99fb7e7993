package app.porter.analytics;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import app.porter.errors.InvalidInput;
import app.porter.portfolio.Property;

/**
 * What a report covers: one property or the whole portfolio, a range of local days (both ends included) and how
 * they are grouped.
 *
 * @param propertyId the property, or null for the whole portfolio
 */
public record ReportQuery(String propertyId, LocalDate from, LocalDate to, Bucket bucket) {

    /** Two years of days at most: more is a typo, and a chart of it unreadable. */
    public static final int MAX_DAYS = 731;
    /** What a report covers when no start is given. */
    public static final int DEFAULT_DAYS = 30;

    public ReportQuery {
        if (propertyId != null && !propertyId.matches(Property.ID_PATTERN)) {
            throw new InvalidInput("propertyId must be a property id");
        }
        if (from.isAfter(to)) {
            throw new InvalidInput("from must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InvalidInput("a report covers at most " + MAX_DAYS + " days");
        }
    }

    /**
     * The query as the API and console give it: ISO dates ({@code 2026-11-30}), any of them missing.
     *
     * @param today the appliance's local date: {@code to} when none is given; {@code from} is then
     *              {@link #DEFAULT_DAYS} days before {@code to}
     * @throws InvalidInput for a malformed date or bucket, or a range that is reversed or too long
     */
    public static ReportQuery parse(String propertyId, String from, String to, String bucket, LocalDate today) {
        LocalDate end = to == null || to.isBlank() ? today : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        return new ReportQuery(propertyId == null || propertyId.isBlank() ? null : propertyId, start, end,
                bucket == null || bucket.isBlank() ? Bucket.DAY : Bucket.fromId(bucket));
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name + " must be a date like 2026-11-30");
        }
    }
}
