package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.analytics.Analytics;
import app.porter.analytics.AnswerKind;
import app.porter.analytics.Bucket;
import app.porter.analytics.ReportQuery;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migrator;

/**
 * Analytics' costs, each against a baseline measured in the same run:
 * <ol>
 *   <li>what recording an answer costs the tenant's thread (a queue offer), against writing the same row inline in
 *       its own transaction, as the reply would if it recorded synchronously;</li>
 *   <li>how fast the writer thread stores queued events (batched transactions);</li>
 *   <li>a 30-day report (by day) and a 90-day report (by week) over {@code bench.events} events spread over 90 days,
 *       against a plain {@code COUNT(*)} of the same rows;</li>
 *   <li>bytes of database file a stored event takes (with its index and daily counts).</li>
 * </ol>
 * A plain {@code main}, not a test. From the repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.AnalyticsBench
 * </pre>
 * System properties: {@code bench.records} (default 200000), {@code bench.events} (1000000).
 */
public final class AnalyticsBench {

    private static final Actor ADMIN = new Actor("bench", Role.ADMIN);
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 30);

    private AnalyticsBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 200_000);
        int events = Integer.getInteger("bench.events", 1_000_000);
        Path root = Files.createTempDirectory("porter-analytics-bench-");
        try (Database database = Database.open(root)) {
            new Migrator(database).migrate(Analytics.MIGRATIONS);
            MutableClock clock = new MutableClock(LAST_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
            try (Analytics analytics = new Analytics(database, clock, ZoneOffset.UTC)) {
                System.out.printf(Locale.ROOT, "%-58s %14s %14s%n", "measure", "analytics", "baseline");

                // 1. The caller's cost, in chunks the queue holds (10,000), flushed between chunks.
                long offerNanos = 0;
                long writeStart = System.nanoTime();
                for (int done = 0; done < records; done += 5000) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 5000; i++) {
                        analytics.answered("maple-court", Language.EN, AnswerKind.EXTRACTIVE, Duration.ofMillis(i));
                    }
                    offerNanos += System.nanoTime() - t0;
                    analytics.flush(Duration.ofMinutes(1));
                }
                double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
                int inline = Math.min(records, 5000);
                long inlineStart = System.nanoTime();
                for (int i = 0; i < inline; i++) {
                    int value = i;
                    database.transaction(c -> {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO analytics_events (day, hour,"
                                + " property_id, kind, language, detail, value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                            insert.setString(1, LAST_DAY.toString());
                            insert.setString(2, LAST_DAY + "T12:00:00Z");
                            insert.setString(3, "maple-court");
                            insert.setString(4, "answer");
                            insert.setString(5, "en");
                            insert.setString(6, "extractive");
                            insert.setLong(7, value);
                            return insert.executeUpdate();
                        }
                    });
                }
                double inlineMicros = (System.nanoTime() - inlineStart) / 1e3 / inline;
                row("record an answer, caller's thread (us/event)", offerNanos / 1e3 / records, inlineMicros,
                        "inline insert + commit");
                row("writer thread, events stored per second", records / writeSeconds, 1e6 / inlineMicros,
                        "inline inserts/s");
                database.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("DELETE FROM analytics_events");
                        s.execute("DELETE FROM analytics_daily");
                    }
                    return null;
                });

                // 2. Reports over a realistic mix spread over 90 days.
                AnswerKind[] kinds = AnswerKind.values();
                Language[] languages = Language.values();
                for (int i = 0; i < events; i++) {
                    if (i % 5000 == 0) {
                        analytics.flush(Duration.ofMinutes(1));
                    }
                    clock.set(LAST_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC)
                            .minusSeconds((long) (i % 90) * 86_400 + i % 3600));
                    String property = i % 3 == 0 ? "harbor-view" : "maple-court";
                    Language lang = languages[i % 11 < 6 ? 0 : i % languages.length];
                    switch (i % 4) {
                        case 0 -> analytics.messageReceived(property, lang);
                        case 1 -> analytics.answered(property, lang, kinds[i % kinds.length],
                                Duration.ofMillis(20 + i % 900));
                        case 2 -> analytics.conversationStarted(property, lang);
                        default -> analytics.thumb(property, lang, i % 7 != 0);
                    }
                }
                analytics.flush(Duration.ofMinutes(1));
                long stored = database.read(c -> count(c, "SELECT COUNT(*) FROM analytics_events"));
                long bytes = database.read(c -> count(c, "PRAGMA page_count") - count(c, "PRAGMA freelist_count"))
                        * database.read(c -> count(c, "PRAGMA page_size"));
                ReportQuery month = new ReportQuery("maple-court", LAST_DAY.minusDays(29), LAST_DAY, Bucket.DAY);
                ReportQuery quarter = new ReportQuery(null, LAST_DAY.minusDays(89), LAST_DAY, Bucket.WEEK);
                for (ReportQuery q : new ReportQuery[] {month, quarter}) {
                    analytics.report(ADMIN, q); // warm
                    long t0 = System.nanoTime();
                    int runs = 5;
                    for (int r = 0; r < runs; r++) {
                        analytics.report(ADMIN, q);
                    }
                    double reportMs = (System.nanoTime() - t0) / 1e6 / runs;
                    long t1 = System.nanoTime();
                    for (int r = 0; r < runs; r++) {
                        database.read(c -> {
                            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM analytics_events"
                                    + " WHERE day BETWEEN ? AND ? AND (?3 IS NULL OR property_id = ?3)")) {
                                s.setString(1, q.from().toString());
                                s.setString(2, q.to().toString());
                                s.setString(3, q.propertyId());
                                try (ResultSet rs = s.executeQuery()) {
                                    return rs.next() ? rs.getLong(1) : 0;
                                }
                            }
                        });
                    }
                    double countMs = (System.nanoTime() - t1) / 1e6 / runs;
                    row("report " + (q == month ? "30 days by day, one property" : "90 days by week, portfolio")
                            + " (ms)", reportMs, countMs, "COUNT(*) of its rows");
                }
                row("database bytes per stored event (" + stored + " events)", (double) bytes / stored, Double.NaN,
                        "");
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void row(String measure, double value, double baseline, String baselineIs) {
        System.out.printf(Locale.ROOT, "%-58s %14.2f %14s %s%n", measure, value,
                Double.isNaN(baseline) ? "" : String.format(Locale.ROOT, "%.2f", baseline), baselineIs);
    }
}
