package app.porter.inference;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import app.porter.inference.GenerationRequest.Event;
import app.porter.inference.GenerationRequest.Failed;
import app.porter.inference.GenerationRequest.Finished;
import app.porter.inference.GenerationRequest.Queued;
import app.porter.inference.GenerationRequest.Token;

/**
 * Serves one model to many conversations at once on one CPU: a single scheduler thread owns the ONNX Runtime
 * session and runs <em>continuous batching</em>. Every step decodes one token for every active generation in one
 * batched forward pass (the weights are read once per step instead of once per conversation, which is what bounds
 * CPU decoding), while new prompts are prefilled a chunk at a time between steps and join the batch when ready.
 *
 * <p>Admission is bounded: {@link #reserve()} hands out at most {@code maxBatch + queueCapacity} tickets and
 * refuses the rest with {@link EngineBusyException} (HTTP 429 upstream), so a burst can never queue unbounded work.
 * Waiting generations are told their queue position.
 *
 * <p>Tokens are delivered to each caller's own thread through a queue, so a slow client never stalls the batch.
 * A caller that stops (its listener returns false or throws, e.g. because the tenant closed the stream) is dropped
 * from the batch before the next step.
 *
 * <p>Prompts are matched against a {@link PrefixCache}: the KV of a shared prefix (the firm's fixed system prompt)
 * is reused instead of recomputed.
 *
 * <p>This class is the callers' side: admission, handing each caller its events, timing, observation. The
 * scheduler thread's side (the batch, the prefill, the decode step) is {@link BatchScheduler}; the two talk only
 * through {@link GenerationRequest}.
 */
public final class GenerationEngine implements AutoCloseable {

    /**
     * @param maxBatch generations decoded together (1 disables batching)
     * @param queueCapacity generations that may wait for a place in the batch; more are refused
     * @param prefillChunk prompt tokens per prefill pass; smaller chunks interleave better with decoding
     * @param prefixCacheEntries prompts whose KV is kept for reuse (0 disables prefix reuse)
     * @param prefixCacheBytes memory the kept KV may use
     */
    public record Settings(int maxBatch, int queueCapacity, int prefillChunk, int prefixCacheEntries,
                           long prefixCacheBytes) {
        public Settings {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("max batch must be at least 1, was " + maxBatch);
            }
            if (queueCapacity < 0) {
                throw new IllegalArgumentException("queue capacity must be >= 0, was " + queueCapacity);
            }
            if (prefillChunk < 1) {
                throw new IllegalArgumentException("prefill chunk must be at least 1, was " + prefillChunk);
            }
            if (prefixCacheEntries < 0 || prefixCacheBytes < 0) {
                throw new IllegalArgumentException("prefix cache limits must be >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(8, 32, 256, 4, 256L << 20);
        }

        /** One generation at a time, no queue, no prefix cache: for a command-line process that owns its engine. */
        public static Settings unbatched() {
            return new Settings(1, 0, 256, 0, 0);
        }
    }

    /** Why a generation ended. */
    public enum StopReason {
        /** the model produced an end-of-sequence token */
        EOS,
        /** the caller's limit of new tokens */
        MAX_TOKENS,
        /** the model's window is full */
        CONTEXT_FULL,
        /** the caller stopped it (a stop string, or the client went away) */
        STOPPED
    }

    /** Receives a generation on the caller's thread. */
    public interface TokenListener {
        /** The generation waits for a place; {@code position} 1 is next. */
        default void queued(int position) {
        }

        /** A new token; return false to stop. May throw to stop (the exception reaches the caller). */
        boolean token(int id);
    }

    /**
     * A finished generation.
     *
     * @param tokens the generated ids (eos not included)
     * @param promptTokens prompt tokens after any trimming to the window
     * @param reusedTokens prompt tokens whose KV came from the prefix cache
     * @param firstTokenNanos from submission to the first token (queueing + prefill): time to first token
     * @param decodeNanos from the first token to the last
     */
    public record Result(int[] tokens, StopReason reason, int promptTokens, int reusedTokens, long firstTokenNanos,
                         long decodeNanos) {
        /** Tokens per second after the first one (decode speed), or 0 with fewer than two tokens. */
        public double decodeTokensPerSecond() {
            return tokens.length < 2 || decodeNanos <= 0 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
        }
    }

    /** A generation failed inside the model. */
    public static final class GenerationException extends RuntimeException {
        GenerationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A reserved place: generate with it, then close it. */
    public final class Ticket implements AutoCloseable {
        private boolean closed;

        private Ticket() {
        }

        public Result generate(int[] prompt, GenerationSettings settings, TokenListener listener) {
            if (closed) {
                throw new IllegalStateException("this ticket was used up");
            }
            return GenerationEngine.this.run(prompt, settings, listener);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                reserved.decrementAndGet();
            }
        }
    }

    private final DecoderModel model;
    private final Settings settings;
    private final int maxBatch;
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicLong averageGenerationMillis = new AtomicLong(2000);
    private final BatchScheduler scheduler;

    public GenerationEngine(DecoderModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.maxBatch = model.canBatch() ? settings.maxBatch() : 1;
        this.scheduler = new BatchScheduler(model, settings, maxBatch);
    }

    public DecoderModel model() {
        return model;
    }

    public Settings settings() {
        return settings;
    }

    /** Reserves a place (running or waiting), or refuses when all are taken. */
    public Ticket reserve() throws EngineBusyException {
        if (scheduler.isClosed()) {
            throw new IllegalStateException("the generation engine is closed");
        }
        int limit = maxBatch + settings.queueCapacity();
        while (true) {
            int now = reserved.get();
            if (now >= limit) {
                // Roughly when a place frees up: one generation's time per full batch ahead of the caller.
                long waits = Math.max(1, now / maxBatch);
                int seconds = (int) Math.max(1, Math.min(120, waits * averageGenerationMillis.get() / 1000));
                throw new EngineBusyException(seconds);
            }
            if (reserved.compareAndSet(now, now + 1)) {
                return new Ticket();
            }
        }
    }

    /** Reserves, generates and releases: for callers without admission of their own (the CLI, tests). */
    public Result generate(int[] prompt, GenerationSettings settings, TokenListener listener)
            throws EngineBusyException {
        try (Ticket ticket = reserve()) {
            return ticket.generate(prompt, settings, listener);
        }
    }

    private Result run(int[] prompt, GenerationSettings generation, TokenListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        int window = model.contextLength();
        int[] fitted = prompt;
        if (prompt.length > window - 1) {
            // Last resort (callers budget their prompts): keep the most recent tokens so the model can still reply.
            fitted = Arrays.copyOfRange(prompt, prompt.length - (window - 1), prompt.length);
        }
        int maxNew = generation.maxNewTokens(); // the window is checked token by token (CONTEXT_FULL)
        GenerationRequest request = new GenerationRequest(fitted, maxNew, generation.sampling().newSampler());
        long submitted = System.nanoTime();
        long first = 0;
        long last = 0;
        int[] tokens = new int[Math.min(maxNew, 1024)];
        int count = 0;
        scheduler.submit(request);
        try {
            while (true) {
                Event event = request.events.poll(1, TimeUnit.SECONDS);
                if (event == null) {
                    if (scheduler.gone()) {
                        // shut down between submission and scheduling: nobody will ever answer
                        throw new GenerationException("the generation engine was closed", null);
                    }
                    continue;
                }
                switch (event) {
                    case Queued q -> listener.queued(q.position());
                    case Token t -> {
                        last = System.nanoTime();
                        if (count == 0) {
                            first = last;
                        }
                        if (count == tokens.length) {
                            tokens = Arrays.copyOf(tokens, tokens.length * 2);
                        }
                        tokens[count++] = t.id();
                        if (!listener.token(t.id())) {
                            request.cancelled = true;
                            return result(tokens, count, StopReason.STOPPED, request, submitted, first, last);
                        }
                    }
                    case Finished f -> {
                        record(submitted);
                        return result(tokens, count, f.reason(), request, submitted, first, last);
                    }
                    case Failed f -> throw new GenerationException("generation failed: " + f.cause().getMessage(),
                            f.cause());
                }
            }
        } catch (InterruptedException e) {
            request.cancelled = true;
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted", e);
        } catch (RuntimeException | Error e) {
            request.cancelled = true; // the listener threw: the client is gone; drop the row before the next step
            throw e;
        }
    }

    private static Result result(int[] tokens, int count, StopReason reason, GenerationRequest request, long submitted,
                                 long first, long last) {
        return new Result(Arrays.copyOf(tokens, count), reason, request.prompt.length, request.reused,
                count == 0 ? 0 : first - submitted, count == 0 ? 0 : last - first);
    }

    private void record(long submitted) {
        long millis = (System.nanoTime() - submitted) / 1_000_000;
        averageGenerationMillis.set((averageGenerationMillis.get() * 7 + millis) / 8);
    }

    // ---------------------------------------------------------------- observation

    /** Generations in the batch right now. */
    public int activeGenerations() {
        return scheduler.activeGenerations();
    }

    /** Places reserved (running or waiting). */
    public int reservedPlaces() {
        return reserved.get();
    }

    /** Tokens sampled for a generation whose caller had already stopped it: at most one step's worth each. */
    public long tokensSampledAfterCancel() {
        return scheduler.tokensSampledAfterCancel();
    }

    public long decodeSteps() {
        return scheduler.decodeSteps();
    }

    /** Prefix-cache entries held. */
    public int prefixCacheEntries() {
        return scheduler.prefixCacheEntries();
    }

    /** Waits until nothing is queued, prefilling or decoding (tests and benchmarks). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (scheduler.idle()) {
                Thread.sleep(5);
                if (scheduler.idle()) {
                    return true;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
