package app.porter.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Bounds the work in flight on a socket: at most {@code maxInFlight} requests are worked on at once, at most
 * {@code maxQueued} more wait (each at most {@code maxWait}) for a place, and the rest are refused at once (429 with
 * {@code Retry-After} upstream). Without it every request on Helidon's virtual threads starts at once, they all
 * share the cores, and with 200 tenants at once every answer takes tens of seconds instead of some being told to
 * come back in a second. A refused request has done no work, so it can change nothing.
 *
 * <p>A semaphore rather than a library rate limiter: the bound is on concurrency, not on a rate, and the place must
 * be held until the (possibly streamed) reply is done.
 */
public final class LoadLimit {

    /**
     * @param maxInFlight requests worked on at once; 0 means one per processor (the work is CPU-bound: embedding,
     *                    search), below 0 the limit is off
     * @param maxQueued requests that may wait for a place
     * @param maxWait how long one may wait
     */
    public record Settings(int maxInFlight, int maxQueued, Duration maxWait) {
        public Settings {
            if (maxQueued < 0 || maxWait.isNegative()) {
                throw new IllegalArgumentException("the tenant load limit's queue and wait must not be negative");
            }
        }

        public static final Settings OFF = new Settings(-1, 0, Duration.ZERO);
    }

    /** A place taken; close it when the reply is done. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore places;
    private final int inFlight;
    private final int maxQueued;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    public LoadLimit(Settings settings) {
        this.inFlight = settings.maxInFlight() == 0 ? Runtime.getRuntime().availableProcessors()
                : settings.maxInFlight();
        this.places = inFlight < 0 ? null : new Semaphore(inFlight, true);
        this.maxQueued = settings.maxQueued();
        this.maxWaitNanos = settings.maxWait().toNanos();
    }

    public boolean enabled() {
        return places != null;
    }

    /** How many requests may be worked on at once (-1: no limit). */
    public int maxInFlight() {
        return inFlight;
    }

    /** A place, at once or after waiting at most {@code maxWait}; empty when the socket is full. */
    public Optional<Permit> tryEnter() {
        if (places == null) {
            return Optional.of(() -> { });
        }
        if (places.tryAcquire()) {
            return Optional.of(permit());
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            return Optional.empty();
        }
        try {
            return places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS) ? Optional.of(permit()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Seconds a refused client should wait: about how long the queue ahead of it takes to drain, at least 1. */
    public int retryAfterSeconds() {
        long nanos = maxWaitNanos * Math.max(1, waiting.get()) / Math.max(1, maxQueued);
        return (int) Math.max(1, Math.min(30, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1));
    }

    /**
     * A routing filter that holds a place for each request {@code limited} selects, from before its handler runs
     * until its reply is sent, and refuses it with 429 when there is none.
     */
    public Filter filter(Predicate<RoutingRequest> limited) {
        Counter refused = Metrics.globalRegistry().getOrCreate(Counter.builder("porter.tenant.refused.busy")
                .description("Tenant requests refused with 429 because the tenant socket was full"));
        return (chain, req, res) -> {
            if (!enabled() || !limited.test(req)) {
                chain.proceed();
                return;
            }
            Optional<Permit> permit = tryEnter();
            if (permit.isEmpty()) {
                refused.increment();
                refuse(res);
                return;
            }
            try (Permit held = permit.get()) {
                chain.proceed();
            }
        };
    }

    /** Answers 429 with {@code Retry-After}; nothing was done for the request. */
    public void refuse(ServerResponse res) {
        int seconds = retryAfterSeconds();
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(seconds));
        JsonResponses.error(res, 429, "too_many_requests", "Porter is answering many tenants right now;"
                + " please try again in " + seconds + " seconds");
    }

    private Permit permit() {
        return new Permit() {
            private boolean open = true;

            @Override
            public void close() {
                if (open) {
                    open = false;
                    places.release();
                }
            }
        };
    }
}
