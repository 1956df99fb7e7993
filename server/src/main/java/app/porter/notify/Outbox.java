package app.porter.notify;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Mails waiting for the relay: one background thread sends them, retrying a failed send after each delay in
 * {@code retries}. The queue is bounded (queued and retrying mails together): when the relay is down for long,
 * new notices are dropped and counted rather than held in memory without end. {@link #offer} never blocks, so
 * the tenant whose message raised an escalation never waits for the relay.
 */
final class Outbox implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Outbox.class.getName());

    private final MailRelay relay;
    private final Function<Notice, List<String>> recipients;
    private final int capacity;
    private final List<Duration> retries;
    private final ScheduledExecutorService sender;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param recipients looked up on the sender thread, when the notice is first sent */
    Outbox(MailRelay relay, Function<Notice, List<String>> recipients, int capacity, List<Duration> retries) {
        this.relay = relay;
        this.recipients = recipients;
        this.capacity = capacity;
        this.retries = List.copyOf(retries);
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "porter-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code notice} and returns at once; false when it was dropped (queue full or closing). */
    boolean offer(Notice notice) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            LOG.log(Level.WARNING, "notification queue full (" + capacity + "): dropped \"" + notice.subject() + "\"");
            return false;
        }
        try {
            sender.execute(() -> first(notice));
            return true;
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
    }

    MailCounts counts() {
        return new MailCounts(sent.get(), failed.get(), dropped.get(), waiting.get());
    }

    private void first(Notice notice) {
        List<String> to;
        try {
            to = recipients.apply(notice);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "notification recipients unavailable: " + e.getClass().getSimpleName());
            to = List.of();
        }
        if (to.isEmpty()) {
            waiting.decrementAndGet(); // nobody is configured for it: nothing to send
            return;
        }
        attempt(new Mail(to, notice.subject(), notice.body()), 0);
    }

    private void attempt(Mail mail, int retry) {
        try {
            relay.send(mail);
            sent.incrementAndGet();
            waiting.decrementAndGet();
            return;
        } catch (Exception e) {
            // The class only: a relay's message can echo addresses and server details that do not belong in logs.
            LOG.log(Level.WARNING, "mail \"" + mail.subject() + "\" not sent (attempt " + (retry + 1) + " of "
                    + (retries.size() + 1) + "): " + e.getClass().getSimpleName());
        }
        if (retry >= retries.size()) {
            failed.incrementAndGet();
            waiting.decrementAndGet();
            return;
        }
        try {
            sender.schedule(() -> attempt(mail, retry + 1), retries.get(retry).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet(); // closing
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            // A moment for a mail being sent; retries still waiting are given up (the console has everything).
            if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
    }
}
