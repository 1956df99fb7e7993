package app.porter.privacy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.InvalidInput;
import app.porter.store.Database;

/**
 * The retention policy (how many days each class of data is kept) and the nightly purge that enforces it.
 *
 * <p>The purge runs once a day at {@code purgeAt} (local time of {@code zone}). A ticker checks every minute
 * whether the run is due against the {@link Clock}, so tests move a controllable clock and call
 * {@link #runIfDue()} instead of waiting. Policy changes and every purge are audited.
 */
public final class Retention implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Retention.class.getName());

    /** One data class's setting and what it would purge by the next run. */
    public record ClassPreview(DataClass dataClass, int days, boolean enforced, long dueAtNextRun) {
    }

    /** What the next run will do: "412 conversations will be purged tonight". */
    public record Preview(Instant nextRun, List<ClassPreview> classes) {
        public long due(DataClass dataClass) {
            return classes.stream().filter(c -> c.dataClass() == dataClass).mapToLong(ClassPreview::dueAtNextRun)
                    .sum();
        }
    }

    /** What a run purged, by class. */
    public record Run(Instant at, Map<DataClass, Long> purged) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<DataClass, Expirer> expirers = new EnumMap<>(DataClass.class);
    private final LocalTime purgeAt;
    private final ZoneId zone;
    private final List<Runnable> nightly = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Instant nextRun;
    private ScheduledExecutorService ticker;

    public Retention(Database database, AuditLog audit, Clock clock, List<Expirer> expirers, LocalTime purgeAt,
                     ZoneId zone) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        for (Expirer expirer : expirers) {
            this.expirers.put(expirer.dataClass(), expirer);
        }
        this.purgeAt = purgeAt;
        this.zone = zone;
        this.nextRun = nextRunAfter(clock.instant());
    }

    /** The policy in days per class; classes never set have their default. */
    public Map<DataClass, Integer> policy() {
        Map<DataClass, Integer> policy = new EnumMap<>(DataClass.class);
        for (DataClass c : DataClass.values()) {
            policy.put(c, c.defaultDays());
        }
        database.read(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT data_class, days FROM retention_policy")) {
                while (rows.next()) {
                    try {
                        policy.put(DataClass.fromId(rows.getString(1)), rows.getInt(2));
                    } catch (InvalidInput e) {
                        // A class this version does not know (written by a newer one): leave it alone.
                    }
                }
            }
            return null;
        });
        return policy;
    }

    /**
     * Changes the policy for some classes, all or nothing: every class and value is checked before anything is
     * written, and each change is audited ({@code retention.changed}, detail {@code 365 -> 30 days}) in the same
     * transaction. Needs the admin role; a refused change is audited too ({@code retention.change.refused}).
     *
     * @param daysByClass days per {@link DataClass#id()}; classes not named keep their setting
     * @throws InvalidInput for an unknown class or a value out of range (nothing is changed)
     */
    public Map<DataClass, Integer> update(Actor actor, Map<String, Long> daysByClass) {
        actor.require("changing the retention policy", Role.ADMIN);
        Map<DataClass, Long> changes = new EnumMap<>(DataClass.class);
        try {
            if (daysByClass.isEmpty()) {
                throw new InvalidInput("name at least one data class, e.g. {\"conversations\": 90}");
            }
            daysByClass.forEach((id, days) -> changes.put(DataClass.fromId(id), days));
            changes.forEach(DataClass::checkDays);
        } catch (InvalidInput e) {
            audit.append(actor.who(), "retention.change.refused", "policy", e.getMessage());
            throw e;
        }
        return write(changes, actor.who());
    }

    private Map<DataClass, Integer> write(Map<DataClass, Long> changes, String actor) {
        Map<DataClass, Integer> before = policy();
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO retention_policy"
                    + " (data_class, days, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (data_class) DO UPDATE SET days = excluded.days,"
                    + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")) {
                for (Map.Entry<DataClass, Long> change : changes.entrySet()) {
                    int days = Math.toIntExact(change.getValue());
                    if (before.get(change.getKey()) == days) {
                        continue;
                    }
                    upsert.setString(1, change.getKey().id());
                    upsert.setInt(2, days);
                    upsert.setString(3, clock.instant().toString());
                    upsert.setString(4, actor);
                    upsert.executeUpdate();
                    audit.append(connection, actor, "retention.changed", change.getKey().id(),
                            before.get(change.getKey()) + " -> " + days + " days");
                }
            }
            return null;
        });
        return policy();
    }

    /** Also runs {@code task} after each nightly purge (e.g. the audit log's daily signed checkpoint). */
    public void onEachRun(Runnable task) {
        nightly.add(task);
    }

    /** When the next purge runs (now, when it is overdue). */
    public Instant nextRun() {
        return runInstant();
    }

    /** What the next run would purge, were the policy and the data as they are now. */
    public Preview preview() {
        Instant at = runInstant();
        Map<DataClass, Integer> policy = policy();
        List<ClassPreview> classes = new ArrayList<>();
        for (DataClass c : DataClass.values()) {
            Expirer expirer = expirers.get(c);
            long due = expirer == null ? 0 : expirer.countExpired(at.minus(Duration.ofDays(policy.get(c))));
            classes.add(new ClassPreview(c, policy.get(c), expirer != null, due));
        }
        return new Preview(at, classes);
    }

    /** How many items of {@code dataClass} a policy of {@code days} would purge at the next run. */
    public long previewWith(DataClass dataClass, long days) {
        dataClass.checkDays(days);
        Expirer expirer = expirers.get(dataClass);
        return expirer == null ? 0 : expirer.countExpired(runInstant().minus(Duration.ofDays(days)));
    }

    /** The next run, or now when it is overdue (the ticker is about to run it). */
    private Instant runInstant() {
        Instant now = clock.instant();
        return nextRun.isBefore(now) ? now : nextRun;
    }

    /** Runs the purge when it is due by the clock; returns what it did. */
    public synchronized Optional<Run> runIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRun)) {
            return Optional.empty();
        }
        Run run = purgeNow("system");
        nextRun = nextRunAfter(now);
        nightly.forEach(Runnable::run);
        return Optional.of(run);
    }

    /** Purges everything past its retention now, for a member of staff: needs the admin role. */
    public synchronized Run purgeNow(Actor actor) {
        actor.require("purging data", Role.ADMIN);
        return purgeNow(actor.who());
    }

    /** Purges everything past its retention now. Each class's purge is audited with how many items it removed. */
    private synchronized Run purgeNow(String actor) {
        Instant now = clock.instant();
        Map<DataClass, Integer> policy = policy();
        Map<DataClass, Long> purged = new EnumMap<>(DataClass.class);
        for (Map.Entry<DataClass, Expirer> e : expirers.entrySet()) {
            Instant cutoff = now.minus(Duration.ofDays(policy.get(e.getKey())));
            long n = e.getValue().purgeExpired(cutoff);
            purged.put(e.getKey(), n);
            audit.append(actor, "retention.purged", e.getKey().id(), n + " older than " + cutoff);
        }
        return new Run(now, purged);
    }

    /** Starts the ticker that runs the purge when due (checked every minute). */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "porter-retention");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                runIfDue().ifPresent(run -> LOG.log(Level.INFO, "retention purge: " + run.purged()));
            } catch (RuntimeException e) {
                // Counts only: exception messages could carry ids; the next tick tries again.
                LOG.log(Level.ERROR, "retention purge failed: " + e.getClass().getName());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private Instant nextRunAfter(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(purgeAt).atZone(zone);
        return (today.toInstant().isAfter(now) ? today : today.plusDays(1)).toInstant();
    }
}
