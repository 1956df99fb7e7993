package app.porter.notify;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import app.porter.escalation.Escalation;
import app.porter.store.Database;

/**
 * A small scheduled job: asks for the open escalations that missed their SLA and announces each one once. What
 * counts as a breach (the targets per priority, whether staff answered) belongs to the escalation feature; this
 * job only takes a function for it, {@link #NONE} until that feature provides one. Announced escalations are
 * remembered in the database, so a restart does not announce them again.
 */
final class SlaWatch implements AutoCloseable {

    /** No escalation is ever breached: the default until the escalation feature supplies its SLA check. */
    static final Function<Instant, List<Escalation>> NONE = now -> List.of();

    private static final Logger LOG = System.getLogger(SlaWatch.class.getName());
    /** Long after any escalation it names is resolved and purged. */
    private static final Duration REMEMBER = Duration.ofDays(90);

    private final Database database;
    private final Function<Instant, List<Escalation>> breached;
    private final Consumer<Escalation> announce;
    private final Clock clock;
    private ScheduledExecutorService timer;

    SlaWatch(Database database, Function<Instant, List<Escalation>> breached, Consumer<Escalation> announce,
             Clock clock) {
        this.database = database;
        this.breached = breached;
        this.announce = announce;
        this.clock = clock;
    }

    void start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "porter-sla-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // The next run tries again; a failing check must not end the schedule.
            LOG.log(Level.WARNING, "SLA check failed: " + e.getClass().getSimpleName());
        }
    }

    /** Announces every breached escalation not announced before; returns how many it announced. */
    int check() {
        Instant now = clock.instant();
        int announced = 0;
        for (Escalation escalation : breached.apply(now)) {
            if (firstTime(escalation.id(), now)) {
                announce.accept(escalation);
                announced++;
            }
        }
        database.read(connection -> {
            try (PreparedStatement forget = connection.prepareStatement(
                    "DELETE FROM notify_sla_sent WHERE sent_at < ?")) {
                forget.setString(1, now.minus(REMEMBER).toString());
                return forget.executeUpdate();
            }
        });
        return announced;
    }

    private boolean firstTime(String escalationId, Instant now) {
        return database.read(connection -> {
            try (PreparedStatement remember = connection.prepareStatement(
                    "INSERT OR IGNORE INTO notify_sla_sent (escalation_id, sent_at) VALUES (?, ?)")) {
                remember.setString(1, escalationId);
                remember.setString(2, now.toString());
                return remember.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
