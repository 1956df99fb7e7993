package app.porter.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotPermitted;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migrator;

/**
 * Recording and reading on a real SQLite file, without an appliance: what is stored is an identifier or nothing,
 * days fall in the right day and week (in the appliance's zone), percentiles are values that occurred, rolled-back
 * feedback is not counted, and a failing database costs the caller nothing.
 */
class AnalyticsRecordingTest {

    private static final Actor ADMIN = new Actor("test", Role.ADMIN);

    @TempDir
    Path dir;

    @Test
    void daysWeeksPercentilesAndSanitisedDetails() throws Exception {
        // Monday 2026-11-30 01:30 in UTC is still Sunday 2026-11-29 in Chicago: the local day counts.
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T01:30:00Z"));
        ZoneId chicago = ZoneId.of("America/Chicago");
        try (Database db = Database.open(dir)) {
            new Migrator(db).migrate(Analytics.MIGRATIONS);
            try (Analytics analytics = new Analytics(db, clock, chicago)) {
                for (long ms : List.of(10L, 20L, 30L, 40L, 1000L)) {
                    analytics.answered("maple-court", Language.EN, AnswerKind.EXTRACTIVE, Duration.ofMillis(ms));
                }
                analytics.escalationRaised("maple-court", "emergency", "my sink is leaking everywhere");
                clock.set(Instant.parse("2026-12-02T15:00:00Z"));
                analytics.answered("maple-court", Language.ES, AnswerKind.DONT_KNOW, Duration.ofMillis(5));
                analytics.answered("harbor-view", Language.FR, AnswerKind.SMALL_TALK, Duration.ofMillis(7));
                assertTrue(analytics.flush(Duration.ofSeconds(5)));

                Report days = analytics.report(ADMIN, new ReportQuery("maple-court", LocalDate.of(2026, 11, 29),
                        LocalDate.of(2026, 12, 2), Bucket.DAY));
                assertEquals(4, days.series().size());
                BucketStats sunday = days.series().getFirst();
                assertEquals(LocalDate.of(2026, 11, 29), sunday.start());
                assertEquals(5, sunday.answeredFromKnowledge());
                assertEquals(new Percentiles(30L, 1000L, 5), sunday.latencyMs());
                assertEquals(1, sunday.emergencies());
                assertEquals(1, days.series().get(3).dontKnow());
                assertEquals(Percentiles.NONE, days.series().get(1).latencyMs(), "an empty day has no timing");
                assertEquals(6, days.totals().answeredFromKnowledge() + days.totals().dontKnow(),
                        "harbor-view is another property");

                Report weeks = analytics.report(ADMIN, new ReportQuery(null, LocalDate.of(2026, 11, 29),
                        LocalDate.of(2026, 12, 2), Bucket.WEEK));
                assertEquals(List.of(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30)),
                        weeks.series().stream().map(BucketStats::start).toList(), "ISO weeks from Monday");
                assertEquals(1, weeks.series().get(1).answerModes().get("small-talk"));

                List<String> details = db.read(c -> {
                    try (Statement s = c.createStatement();
                         var rows = s.executeQuery("SELECT DISTINCT detail FROM analytics_events ORDER BY 1")) {
                        List<String> all = new java.util.ArrayList<>();
                        while (rows.next()) {
                            all.add(rows.getString(1));
                        }
                        return all;
                    }
                });
                assertEquals(List.of("dont-know", "emergency", "extractive", "other", "small-talk"), details,
                        "a sentence is never stored as a detail");

                assertThrows(NotPermitted.class, () -> analytics.report(new Actor("a", Role.AUDITOR),
                        ReportQuery.parse(null, null, null, null, LocalDate.now())));
                assertThrows(InvalidInput.class, () -> analytics.csat("maple-court", Language.EN, 6));
            }
        }
    }

    @Test
    void aChangedRatingCountsAsItStandsInTheTotals() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        try (Database db = Database.open(dir)) {
            new Migrator(db).migrate(Analytics.MIGRATIONS);
            try (Analytics analytics = new Analytics(db, clock, ZoneOffset.UTC)) {
                analytics.thumb("maple-court", Language.EN, true);
                analytics.thumb("maple-court", Language.EN, true);
                assertTrue(analytics.flush(Duration.ofSeconds(5)));
                clock.advance(Duration.ofDays(1)); // the next day, one of the two ups becomes a down
                analytics.thumbWithdrawn("maple-court", Language.EN, true);
                analytics.thumb("maple-court", Language.EN, false);
                assertTrue(analytics.flush(Duration.ofSeconds(5)));

                Report report = analytics.report(ADMIN, new ReportQuery(null, LocalDate.of(2026, 12, 1),
                        LocalDate.of(2026, 12, 2), Bucket.DAY));
                assertEquals(1, report.totals().thumbsUp());
                assertEquals(1, report.totals().thumbsDown());
                assertEquals(0.5, report.totals().thumbsUpRatio());
                assertEquals(2, report.series().get(0).thumbsUp(), "the day the ups were given");
                assertEquals(0, report.series().get(1).thumbsUp(), "withdrawn the next day: never below zero");
                assertEquals(1, report.series().get(1).thumbsDown());
            }
        }
    }

    @Test
    void feedbackCountsOnlyOnceCommittedAndAFailingDatabaseCostsTheCallerNothing() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        try (Database db = Database.open(dir)) {
            new Migrator(db).migrate(Analytics.MIGRATIONS);
            try (Analytics analytics = new Analytics(db, clock, ZoneOffset.UTC)) {
                assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
                    analytics.thumb("maple-court", Language.EN, false);
                    throw new IllegalStateException("the feedback was not stored");
                }));
                db.transaction(c -> {
                    analytics.csat("maple-court", Language.EN, 4);
                    return null;
                });
                assertTrue(analytics.flush(Duration.ofSeconds(5)));
                ReportQuery today = new ReportQuery(null, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1),
                        Bucket.DAY);
                BucketStats totals = analytics.report(ADMIN, today).totals();
                assertEquals(0, totals.thumbsDown(), "a rolled-back rating is not counted");
                assertNull(totals.thumbsUpRatio());
                assertEquals(4.0, totals.csatAverage());

                db.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE analytics_events RENAME TO parked");
                    }
                    return null;
                });
                analytics.messageReceived("maple-court", Language.EN); // must not throw
                assertTrue(analytics.flush(Duration.ofSeconds(5)), "the writer survives a failed batch");
                db.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE parked RENAME TO analytics_events");
                    }
                    return null;
                });
                analytics.messageReceived("maple-court", Language.EN);
                assertEquals(1, analytics.report(ADMIN, today).totals().messages(), "and writes the next one");
            }
        }
    }
}
