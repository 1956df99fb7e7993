package app.porter.analytics;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.porter.store.Database;

/**
 * Reads a {@link Report} from the stored events: counts from the daily counts (a row per day, property, kind,
 * language and detail), timings one by one for their percentiles (from an index that holds them). Every bucket of the range is in the report, empty
 * ones too, so a chart's axis has no gaps.
 */
final class ReportReader {

    private final Database database;

    ReportReader(Database database) {
        this.database = database;
    }

    Report read(ReportQuery query) {
        Map<LocalDate, Tally> buckets = new LinkedHashMap<>();
        for (LocalDate start = query.bucket().start(query.from()); !start.isAfter(query.to());
             start = query.bucket().next(start)) {
            buckets.put(start, new Tally());
        }
        Tally total = new Tally();
        database.read(connection -> {
            try (PreparedStatement counts = connection.prepareStatement("SELECT day, kind, language, detail,"
                    + " SUM(events), SUM(total) FROM analytics_daily WHERE day BETWEEN ?1 AND ?2"
                    + " AND (?3 IS NULL OR property_id = ?3) GROUP BY day, kind, language, detail")) {
                bind(counts, query);
                try (ResultSet rows = counts.executeQuery()) {
                    while (rows.next()) {
                        EventKind kind = kind(rows.getString(2));
                        if (kind == null) {
                            continue;
                        }
                        for (Tally tally : List.of(bucketOf(buckets, query, rows.getString(1)), total)) {
                            tally.add(kind, noneAsNull(rows.getString(3)), noneAsNull(rows.getString(4)),
                                    rows.getLong(5), rows.getLong(6));
                        }
                    }
                }
            }
            try (PreparedStatement timings = connection.prepareStatement("SELECT day, kind, value"
                    + " FROM analytics_events WHERE kind IN (?4, ?5) AND day BETWEEN ?1 AND ?2"
                    + " AND (?3 IS NULL OR property_id = ?3) AND value IS NOT NULL")) {
                bind(timings, query);
                timings.setString(4, EventKind.ANSWER.id());
                timings.setString(5, EventKind.FIRST_STAFF_REPLY.id());
                try (ResultSet rows = timings.executeQuery()) {
                    while (rows.next()) {
                        EventKind kind = kind(rows.getString(2));
                        for (Tally tally : List.of(bucketOf(buckets, query, rows.getString(1)), total)) {
                            tally.time(kind, rows.getLong(3));
                        }
                    }
                }
            }
            return null;
        });
        List<BucketStats> series = new ArrayList<>(buckets.size());
        buckets.forEach((start, tally) -> series.add(tally.stats(start)));
        return new Report(query, series, total.stats(query.from()));
    }

    private static void bind(PreparedStatement statement, ReportQuery query) throws SQLException {
        statement.setString(1, query.from().toString());
        statement.setString(2, query.to().toString());
        statement.setString(3, query.propertyId());
    }

    private static Tally bucketOf(Map<LocalDate, Tally> buckets, ReportQuery query, String day) {
        return buckets.get(query.bucket().start(LocalDate.parse(day)));
    }

    private static String noneAsNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** A kind this version knows, or null (a newer version's kind, after a downgrade). */
    private static EventKind kind(String id) {
        try {
            return EventKind.fromId(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
