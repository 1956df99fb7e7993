package app.porter.analytics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import app.porter.store.Database;

/**
 * Writes analytics events on a thread of its own, so recording one costs a tenant's reply a queue offer and
 * nothing else: no wait for the database lock, no failure. Events are written in batches (one transaction each,
 * which also adds them to the daily counts reports read);
 * when the queue is full (the database stalled) new events are dropped and counted rather than held up.
 */
final class EventWriter implements AutoCloseable {

    private static final Logger LOG = System.getLogger(EventWriter.class.getName());
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;

    private sealed interface Item permits Write, Flush, Stop {
    }

    private record Write(AnalyticsEvent event) implements Item {
    }

    /** Counted down once everything queued before it is written. */
    private record Flush(CountDownLatch done) implements Item {
    }

    private record Stop() implements Item {
    }

    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Database database;
    private final ZoneId zone;
    private final Thread thread;

    /** @param zone the appliance's time zone: an event's day is its local day there */
    EventWriter(Database database, ZoneId zone) {
        this.database = database;
        this.zone = zone;
        this.thread = Thread.ofPlatform().daemon().name("analytics-writer").start(this::run);
    }

    /** Queues {@code event}; never blocks and never throws. */
    void offer(AnalyticsEvent event) {
        if (!queue.offer(new Write(event))) {
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 1000 == 0) {
                LOG.log(Level.WARNING, "analytics queue full: " + lost + " events dropped so far");
            }
        }
    }

    /** Waits until every event queued so far is written (or failed); false on timeout. */
    boolean flush(Duration timeout) {
        Flush flush = new Flush(new CountDownLatch(1));
        try {
            return queue.offer(flush, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    && flush.done().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        List<Item> batch = new ArrayList<>(BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            List<AnalyticsEvent> events = new ArrayList<>(batch.size());
            for (Item item : batch) {
                if (item instanceof Write w) {
                    events.add(w.event());
                } else if (item instanceof Stop) {
                    stopping = true;
                }
            }
            write(events);
            for (Item item : batch) {
                if (item instanceof Flush f) {
                    f.done().countDown();
                }
            }
            batch.clear();
        }
    }

    private void write(List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            database.transaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO analytics_events"
                        + " (day, hour, property_id, kind, language, detail, value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (AnalyticsEvent e : events) {
                        LocalDateTime local = LocalDateTime.ofInstant(e.at(), zone);
                        insert.setString(1, local.toLocalDate().toString());
                        insert.setString(2, e.at().truncatedTo(ChronoUnit.HOURS).toString());
                        insert.setString(3, e.propertyId());
                        insert.setString(4, e.kind().id());
                        insert.setString(5, e.language() == null ? null : e.language().tag());
                        insert.setString(6, e.detail());
                        if (e.value() == null) {
                            insert.setNull(7, Types.INTEGER);
                        } else {
                            insert.setLong(7, e.value());
                        }
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement count = connection.prepareStatement("INSERT INTO analytics_daily"
                        + " (day, property_id, kind, language, detail, events, total) VALUES (?, ?, ?, ?, ?, 1, ?)"
                        + " ON CONFLICT DO UPDATE SET events = events + 1, total = total + excluded.total")) {
                    for (AnalyticsEvent e : events) {
                        count.setString(1, LocalDate.ofInstant(e.at(), zone).toString());
                        count.setString(2, orNone(e.propertyId()));
                        count.setString(3, e.kind().id());
                        count.setString(4, e.language() == null ? "" : e.language().tag());
                        count.setString(5, orNone(e.detail()));
                        count.setLong(6, e.value() == null ? 0 : e.value());
                        count.addBatch();
                    }
                    count.executeBatch();
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Counters only, and the reply was sent long ago: log the class, never the event's cause text.
            LOG.log(Level.WARNING, "analytics events not written (" + events.size() + "): "
                    + e.getClass().getName());
        }
    }

    /** The daily counts' stand-in for none: a key column cannot be null and still be unique. */
    static String orNone(String value) {
        return value == null ? "" : value;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        try {
            if (queue.offer(new Stop(), 5, TimeUnit.SECONDS)) {
                thread.join(Duration.ofSeconds(10));
            } else {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
