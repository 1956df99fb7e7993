package app.porter.chat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

/**
 * What a tenant's open event stream hears while staff answer: staff replies, and staff taking the conversation
 * over or handing it back. In memory only: a stream that was closed catches up from the stored messages (see
 * {@code Last-Event-ID}), so nothing here needs to survive a restart.
 */
public final class ConversationEvents {

    /** Events one stream may fall behind by; past that it is closed and the widget reconnects and replays. */
    private static final int BACKLOG = 256;

    /**
     * One event.
     *
     * @param id the sequence number of the conversation's newest message when it happened: a stream reconnecting
     *           with this id replays the staff messages after it
     * @param name {@code message}, {@code held}, {@code released} or {@code ticket}
     */
    public record Event(int id, String name, JsonObject data) {
    }

    private final Map<String, Set<Subscription>> subscribers = new ConcurrentHashMap<>();

    /** Opens a subscription to one conversation's events; close it when the stream ends. */
    public Subscription subscribe(String conversationId) {
        Subscription subscription = new Subscription(conversationId);
        subscribers.compute(conversationId, (id, set) -> {
            Set<Subscription> all = set != null ? set : ConcurrentHashMap.newKeySet();
            all.add(subscription);
            return all;
        });
        return subscription;
    }

    void publish(String conversationId, Event event) {
        for (Subscription s : subscribers.getOrDefault(conversationId, Set.of())) {
            if (!s.queue.offer(event)) {
                s.overflowed = true;
            }
        }
    }

    /** How many streams are open, all conversations together (a stream that ends must not leave one behind). */
    public int open() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** One open stream's queue of events. */
    public final class Subscription implements AutoCloseable {
        private final String conversationId;
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(BACKLOG);
        private volatile boolean overflowed;

        private Subscription(String conversationId) {
            this.conversationId = conversationId;
        }

        /** The next event, or null when none came within {@code wait} (time for a heartbeat). */
        public Event next(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** True when the stream fell too far behind and must be closed (the tenant reconnects and replays). */
        public boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            subscribers.computeIfPresent(conversationId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
