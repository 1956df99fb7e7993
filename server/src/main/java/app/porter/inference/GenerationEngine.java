package app.porter.inference;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OrtException;

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
 */
public final class GenerationEngine implements AutoCloseable {

    private static final Logger LOG = System.getLogger(GenerationEngine.class.getName());

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

    private sealed interface Event permits Queued, Token, Finished, Failed {
    }

    private record Queued(int position) implements Event {
    }

    private record Token(int id) implements Event {
    }

    private record Finished(StopReason reason, int reused) implements Event {
    }

    private record Failed(Exception cause) implements Event {
    }

    /** One generation as the scheduler sees it. */
    private static final class Request {
        final int[] prompt;
        final int maxNewTokens;
        final Sampler sampler;
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        volatile boolean cancelled;
        int[] history;
        int length;
        int generated;
        int lastToken;
        int lastPosition = -1;
        int reused;

        Request(int[] prompt, int maxNewTokens, Sampler sampler) {
            this.prompt = prompt;
            this.maxNewTokens = maxNewTokens;
            this.sampler = sampler;
            this.history = Arrays.copyOf(prompt, prompt.length + Math.min(maxNewTokens, 256));
            this.length = prompt.length;
        }

        void append(int token) {
            if (length == history.length) {
                history = Arrays.copyOf(history, history.length * 2);
            }
            history[length++] = token;
            lastToken = token;
        }
    }

    /** A prompt being prefilled, a chunk per scheduler turn. */
    private static final class Prefill {
        final Request request;
        KvCache cache;
        int consumed;
        float[] logits;

        Prefill(Request request, KvCache cache, int consumed) {
            this.request = request;
            this.cache = cache;
            this.consumed = consumed;
        }
    }

    private final DecoderModel model;
    private final Settings settings;
    private final int maxBatch;
    private final Set<Integer> eos;
    private final PrefixCache prefixCache;
    private final BlockingQueue<Request> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong sampledAfterCancel = new AtomicLong();
    private final AtomicLong decodeSteps = new AtomicLong();
    private final AtomicLong averageGenerationMillis = new AtomicLong(2000);
    private final Thread scheduler;
    private volatile boolean closed;

    public GenerationEngine(DecoderModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.maxBatch = model.canBatch() ? settings.maxBatch() : 1;
        this.eos = model.eosIds();
        this.prefixCache = new PrefixCache(settings.prefixCacheEntries(), settings.prefixCacheBytes());
        this.scheduler = Thread.ofPlatform().name("porter-decoder").daemon(true).unstarted(this::loop);
        this.scheduler.start();
    }

    public DecoderModel model() {
        return model;
    }

    public Settings settings() {
        return settings;
    }

    /** Reserves a place (running or waiting), or refuses when all are taken. */
    public Ticket reserve() throws EngineBusyException {
        if (closed) {
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
        Request request = new Request(fitted, maxNew, generation.sampling().newSampler());
        long submitted = System.nanoTime();
        long first = 0;
        long last = 0;
        int[] tokens = new int[Math.min(maxNew, 1024)];
        int count = 0;
        pending.add(request);
        try {
            while (true) {
                Event event = request.events.poll(1, TimeUnit.SECONDS);
                if (event == null) {
                    if (closed && !scheduler.isAlive()) {
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

    private static Result result(int[] tokens, int count, StopReason reason, Request request, long submitted,
                                 long first, long last) {
        return new Result(Arrays.copyOf(tokens, count), reason, request.prompt.length, request.reused,
                count == 0 ? 0 : first - submitted, count == 0 ? 0 : last - first);
    }

    private void record(long submitted) {
        long millis = (System.nanoTime() - submitted) / 1_000_000;
        averageGenerationMillis.set((averageGenerationMillis.get() * 7 + millis) / 8);
    }

    // ---------------------------------------------------------------- scheduler thread

    private final List<Request> rows = new ArrayList<>();
    private final List<Prefill> joining = new ArrayList<>();
    private KvCache batch;
    /** The requests in {@link #batch}'s row order (rows may have left since: then a re-form is due). */
    private final List<Request> batchMembers = new ArrayList<>();
    private boolean repack;
    private Prefill prefill;

    private void loop() {
        while (!closed) {
            try {
                turn();
            } catch (InterruptedException e) {
                break;
            } catch (Exception | OutOfMemoryError e) {
                LOG.log(Level.ERROR, "generation step failed: " + e.getClass().getSimpleName() + ": "
                        + DecoderModel.firstLine(e.getMessage()));
                failAll(e instanceof Exception ex ? ex : new IllegalStateException(e));
            }
        }
        failAll(new IllegalStateException("the generation engine was closed"));
    }

    /** One scheduler turn: drop the departed, advance a prefill, re-form the batch if needed, decode a step. */
    private void turn() throws InterruptedException, OrtException {
        for (Iterator<Request> it = rows.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.cancelled) {
                it.remove();
                r.events.add(new Finished(StopReason.STOPPED, r.reused));
                repack = true;
            }
        }
        // Prefill up to one chunk's worth of prompt tokens per turn, then decode a step: newcomers that arrive
        // together (short prompts) join in one re-form, while a long prompt never stalls the batch for long.
        int budget = settings.prefillChunk();
        while (budget > 0) {
            if (prefill == null) {
                if (rows.size() + joining.size() >= maxBatch) {
                    break;
                }
                Request next = rows.isEmpty() && joining.isEmpty()
                        ? pending.poll(200, TimeUnit.MILLISECONDS)
                        : pending.poll();
                if (next == null) {
                    break;
                }
                if (next.cancelled) {
                    next.events.add(new Finished(StopReason.STOPPED, 0));
                    continue;
                }
                prefill = startPrefill(next);
            }
            budget -= advancePrefill();
        }
        announcePositions();
        if (!joining.isEmpty() || repack) {
            reform();
        }
        active.set(rows.size());
        if (!rows.isEmpty()) {
            decodeStep();
        }
    }

    private Prefill startPrefill(Request request) throws OrtException {
        PrefixCache.Match match = prefixCache.longest(request.prompt);
        if (match != null) {
            int reuse = Math.min(match.length(), request.prompt.length - 1); // at least one token makes logits
            request.reused = reuse;
            return new Prefill(request, KvCache.pack(model.signature(), List.of(match.entry().kv().prefix(reuse)), 0),
                    reuse);
        }
        return new Prefill(request, KvCache.empty(model.signature(), 1), 0);
    }

    /** Runs the next chunk of the prompt being prefilled; returns the tokens it processed. */
    private int advancePrefill() throws OrtException {
        Prefill p = prefill;
        if (p.request.cancelled) {
            p.cache.close();
            p.request.events.add(new Finished(StopReason.STOPPED, p.request.reused));
            prefill = null;
            return 1;
        }
        int end = Math.min(p.request.prompt.length, p.consumed + settings.prefillChunk());
        DecoderModel.Step step = model.run(new int[][]{Arrays.copyOfRange(p.request.prompt, p.consumed, end)},
                p.cache);
        p.cache.close();
        p.cache = step.cache();
        int processed = end - p.consumed;
        p.consumed = end;
        if (end < p.request.prompt.length) {
            return processed;
        }
        prefill = null;
        if (prefixCache.wants(p.request.prompt)) {
            prefixCache.add(p.request.prompt, p.cache.rows(model.signature()).getFirst());
        }
        if (accept(p.request, step.logits()[0])) {
            joining.add(p);
        } else {
            p.cache.close();
        }
        return processed;
    }

    /** Samples the request's next token; false when the generation is over. */
    private boolean accept(Request r, float[] logits) {
        if (r.cancelled) {
            sampledAfterCancel.incrementAndGet();
        }
        int token = r.sampler.sample(logits, r.history, r.length);
        r.append(token);
        if (eos.contains(token)) {
            r.events.add(new Finished(StopReason.EOS, r.reused));
            return false;
        }
        r.generated++;
        r.events.add(new Token(token));
        if (r.generated >= r.maxNewTokens) {
            r.events.add(new Finished(StopReason.MAX_TOKENS, r.reused));
            return false;
        }
        if (r.length >= model.contextLength()) {
            r.events.add(new Finished(StopReason.CONTEXT_FULL, r.reused));
            return false;
        }
        return true;
    }

    /**
     * Re-forms the batch after members joined or left. A lone newcomer's cache becomes the batch as it is (no
     * copy); otherwise every row is copied out and packed anew with left padding to the longest.
     */
    private void reform() throws OrtException {
        if (rows.isEmpty() && joining.size() == 1) {
            if (batch != null) {
                batch.close();
            }
            Prefill only = joining.removeFirst();
            batch = only.cache;
            rows.add(only.request);
            batchMembers.clear();
            batchMembers.add(only.request);
            repack = false;
            return;
        }
        List<KvRow> kept = new ArrayList<>();
        List<Request> members = new ArrayList<>();
        if (batch != null) {
            List<KvRow> old = batch.rows(model.signature());
            for (int b = 0; b < batchMembers.size(); b++) {
                Request r = batchMembers.get(b);
                if (rows.contains(r)) {
                    kept.add(old.get(b));
                    members.add(r);
                }
            }
            batch.close();
            batch = null;
        }
        for (Prefill p : joining) {
            kept.add(p.cache.rows(model.signature()).getFirst());
            members.add(p.request);
            p.cache.close();
        }
        joining.clear();
        rows.clear();
        rows.addAll(members);
        batch = members.isEmpty() ? null : KvCache.pack(model.signature(), kept, 0);
        batchMembers.clear();
        batchMembers.addAll(members);
        repack = false;
    }

    private void decodeStep() throws OrtException {
        // Departures set repack, and a re-form runs before every step: here rows are exactly the batch's rows.
        int[][] tokens = new int[rows.size()][];
        for (int b = 0; b < rows.size(); b++) {
            tokens[b] = new int[]{rows.get(b).lastToken};
        }
        DecoderModel.Step step = model.run(tokens, batch);
        batch.close();
        batch = step.cache();
        decodeSteps.incrementAndGet();
        List<Request> finished = new ArrayList<>();
        for (int b = 0; b < rows.size(); b++) {
            if (!accept(rows.get(b), step.logits()[b])) {
                finished.add(rows.get(b));
            }
        }
        if (!finished.isEmpty()) {
            rows.removeAll(finished);
            repack = true;
        }
        active.set(rows.size());
    }

    private void announcePositions() {
        int position = 1;
        for (Request r : pending) {
            if (r.lastPosition != position) {
                r.lastPosition = position;
                r.events.add(new Queued(position));
            }
            position++;
        }
    }

    private void failAll(Exception cause) {
        List<Request> all = new ArrayList<>(rows);
        joining.forEach(p -> {
            all.add(p.request);
            p.cache.close();
        });
        if (prefill != null) {
            all.add(prefill.request);
            prefill.cache.close();
            prefill = null;
        }
        joining.clear();
        rows.clear();
        batchMembers.clear();
        if (batch != null) {
            batch.close();
            batch = null;
        }
        repack = false;
        if (closed) {
            Request r;
            while ((r = pending.poll()) != null) {
                all.add(r);
            }
        }
        all.forEach(r -> r.events.add(new Failed(cause)));
        active.set(0);
    }

    // ---------------------------------------------------------------- observation

    /** Generations in the batch right now. */
    public int activeGenerations() {
        return active.get();
    }

    /** Places reserved (running or waiting). */
    public int reservedPlaces() {
        return reserved.get();
    }

    /** Tokens sampled for a generation whose caller had already stopped it: at most one step's worth each. */
    public long tokensSampledAfterCancel() {
        return sampledAfterCancel.get();
    }

    public long decodeSteps() {
        return decodeSteps.get();
    }

    /** Prefix-cache entries held. */
    public int prefixCacheEntries() {
        return prefixCache.size();
    }

    /** Waits until nothing is queued, prefilling or decoding (tests and benchmarks). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending.isEmpty() && active.get() == 0 && prefill == null && joining.isEmpty()) {
                Thread.sleep(5);
                if (pending.isEmpty() && active.get() == 0 && prefill == null && joining.isEmpty()) {
                    return true;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
        try {
            scheduler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
