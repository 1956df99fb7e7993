package app.porter.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.InvalidInput;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Counters and timings for the console's charts, kept without anything a tenant wrote: each event is a kind, a
 * property, a language, an enum-like detail and a number ({@link AnalyticsEvent}). Features record where things
 * happen, once what they record is committed; recording queues the event for a writer thread
 * ({@link EventWriter}) and returns, so it never slows or fails a tenant's reply.
 *
 * <p>Events name no conversation and keep the time to the hour, so they are not personal data and no retention
 * class covers them: they are kept as long as the appliance (the README says why).
 */
public final class Analytics implements AutoCloseable {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("analytics", 1));
    /** How long a report waits for events still queued, so what just happened is in it. */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);

    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final EventWriter writer;
    private final ReportReader reader;

    /** @param zone the appliance's time zone: reports count local days there */
    public Analytics(Database database, Clock clock, ZoneId zone) {
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.writer = new EventWriter(database, zone);
        this.reader = new ReportReader(database);
    }

    /** A tenant started a conversation (in the language their widget opened in, if known). */
    public void conversationStarted(String propertyId, Language language) {
        record(propertyId, EventKind.CONVERSATION_STARTED, language, null, null);
    }

    /** A tenant's message was stored; {@code language} as detected. */
    public void messageReceived(String propertyId, Language language) {
        record(propertyId, EventKind.MESSAGE, language, null, null);
    }

    /** Porter answered a message, {@code latency} after it arrived. */
    public void answered(String propertyId, Language language, AnswerKind kind, Duration latency) {
        record(propertyId, EventKind.ANSWER, language, kind.id(), latency.toMillis());
    }

    /** A maintenance flow was completed with a ticket. */
    public void ticketCreated(String propertyId, Language language) {
        record(propertyId, EventKind.TICKET_CREATED, language, null, null);
    }

    /**
     * Staff were called: {@code reason} {@code emergency}, {@code tenant-request} or {@code flow}. An emergency
     * escalation also counts as an emergency of {@code emergencyKind} ({@code gas}, {@code fire}, ...).
     */
    public void escalationRaised(String propertyId, String reason, String emergencyKind) {
        record(propertyId, EventKind.ESCALATION, null, reason, null);
        if ("emergency".equals(reason)) {
            record(propertyId, EventKind.EMERGENCY, null, emergencyKind, null);
        }
    }

    /** Staff first answered the tenant of an escalation raised {@code waited} before. */
    public void firstStaffReply(String propertyId, String reason, Duration waited) {
        record(propertyId, EventKind.FIRST_STAFF_REPLY, null, reason, waited.toMillis());
    }

    /**
     * A tenant rated an answer up or down. For tenant feedback: call it inside the transaction that stores the
     * rating (it is counted once that commits) or after it.
     */
    public void thumb(String propertyId, Language language, boolean up) {
        database.afterCommit(() -> record(propertyId, up ? EventKind.THUMB_UP : EventKind.THUMB_DOWN, language,
                null, null));
    }

    /**
     * A tenant changed an earlier rating: the {@code up} (or down) given before no longer counts. Like {@link #thumb}:
     * counted once the caller's transaction commits; the new rating is recorded by {@link #thumb}.
     */
    public void thumbWithdrawn(String propertyId, Language language, boolean up) {
        database.afterCommit(() -> record(propertyId, EventKind.THUMB_WITHDRAWN, language, up ? "up" : "down",
                null));
    }

    /**
     * A tenant's CSAT score, 1 to 5. Like {@link #thumb}: counted once the caller's transaction commits.
     *
     * @throws InvalidInput for a score outside 1-5
     */
    public void csat(String propertyId, Language language, int score) {
        if (score < 1 || score > 5) {
            throw new InvalidInput("a CSAT score is 1 to 5");
        }
        database.afterCommit(() -> record(propertyId, EventKind.CSAT, language, null, (long) score));
    }

    private void record(String propertyId, EventKind kind, Language language, String detail, Long value) {
        writer.offer(new AnalyticsEvent(clock.instant(), propertyId, kind, language, detail, value));
    }

    /**
     * The report for {@code query}: admins and agents. Events still queued are written first (up to a moment),
     * so what just happened is counted.
     */
    public Report report(Actor actor, ReportQuery query) {
        actor.require("reading analytics", Role.ADMIN, Role.AGENT);
        writer.flush(CATCH_UP);
        return reader.read(query);
    }

    /** The appliance's local date now: a report's default end. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Waits until every event recorded so far is stored; false on timeout (tests, shutdown). */
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    /** Writes what is still queued, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }
}
