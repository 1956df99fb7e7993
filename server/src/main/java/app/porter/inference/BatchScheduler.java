package app.porter.inference;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
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

import app.porter.inference.GenerationEngine.Settings;
import app.porter.inference.GenerationEngine.StopReason;
import app.porter.inference.GenerationRequest.Failed;
import app.porter.inference.GenerationRequest.Finished;
import app.porter.inference.GenerationRequest.Queued;
import app.porter.inference.GenerationRequest.Token;

/**
 * The {@link GenerationEngine}'s scheduler thread: it alone touches the ONNX Runtime session, the batch's
 * {@link KvCache} and the prompts being prefilled, so none of that state needs a lock. Each turn drops departed
 * generations, prefills up to a chunk of waiting prompts, re-forms the batch when members joined or left, and
 * decodes one token for every member in one batched forward pass.
 *
 * <p>The turn, the re-form, the decode step and the failure path are kept together in this one class on purpose:
 * they share one invariant ("after a re-form, {@code rows} are exactly {@code batch}'s rows, in order"), every
 * one of them must close each {@link KvCache} exactly once as it hands caches on (native memory, not garbage
 * collected), and the step runs once per generated token. Split further, each piece would need that state passed
 * in and back, and the invariant would no longer be checkable on one screen.
 */
final class BatchScheduler implements AutoCloseable {

    private static final Logger LOG = System.getLogger(GenerationEngine.class.getName());

    private final DecoderModel model;
    private final Settings settings;
    private final int maxBatch;
    private final Set<Integer> eos;
    private final PrefixCache prefixCache;
    private final KvMemory memory;
    private final BlockingQueue<GenerationRequest> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong sampledAfterCancel = new AtomicLong();
    private final AtomicLong decodeSteps = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    // Scheduler-thread state: only the scheduler thread writes it (idle() reads it from outside, as a hint).
    private final List<GenerationRequest> rows = new ArrayList<>();
    private final List<Prefill> joining = new ArrayList<>();
    private KvCache batch;
    /** The requests in {@link #batch}'s row order (rows may have left since: then a re-form is due). */
    private final List<GenerationRequest> batchMembers = new ArrayList<>();
    private boolean repack;
    private Prefill prefill;

    /** Starts the scheduler thread; {@code maxBatch} is what the model allows of {@code settings.maxBatch()}. */
    BatchScheduler(DecoderModel model, Settings settings, int maxBatch) {
        this.model = model;
        this.settings = settings;
        this.maxBatch = maxBatch;
        this.eos = model.eosIds();
        this.prefixCache = new PrefixCache(settings.prefixCacheEntries(), settings.prefixCacheBytes());
        // Free blocks kept for reuse: the batch's and a prefill's ping-pong pairs, and a spare.
        this.memory = new KvMemory(model.signature().layers(), 5);
        this.thread = Thread.ofPlatform().name("porter-decoder").daemon(true).unstarted(this::loop);
        this.thread.start();
    }

    /** Queues a generation; its events arrive on {@link GenerationRequest#events}. */
    void submit(GenerationRequest request) {
        pending.add(request);
    }

    boolean isClosed() {
        return closed;
    }

    /** Closed and its thread ended: nothing queued now will ever be answered. */
    boolean gone() {
        return closed && !thread.isAlive();
    }

    /** A prompt being prefilled, a chunk per scheduler turn. */
    private static final class Prefill {
        final GenerationRequest request;
        KvCache cache;
        int consumed;
        float[] logits;

        Prefill(GenerationRequest request, KvCache cache, int consumed) {
            this.request = request;
            this.cache = cache;
            this.consumed = consumed;
        }
    }

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
        prefixCache.clear();
        memory.close();
    }

    /** One scheduler turn: drop the departed, advance a prefill, re-form the batch if needed, decode a step. */
    private void turn() throws InterruptedException, OrtException {
        if (rows.isEmpty() && joining.isEmpty() && prefill == null) {
            memory.trim(); // idle: no finished conversation's KV stays behind in free blocks
        }
        for (Iterator<GenerationRequest> it = rows.iterator(); it.hasNext(); ) {
            GenerationRequest r = it.next();
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
                GenerationRequest next = rows.isEmpty() && joining.isEmpty()
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

    private Prefill startPrefill(GenerationRequest request) throws OrtException {
        PrefixCache.Match match = prefixCache.longest(request.prompt);
        if (match != null) {
            int reuse = Math.min(match.length(), request.prompt.length - 1); // at least one token makes logits
            request.reused = reuse;
            // one copy of the kept tokens, native memory to native memory, into the cache the prefill runs on
            return new Prefill(request, KvCache.pack(memory, model.signature(),
                    List.of(match.entry().kv().asRow().first(reuse))), reuse);
        }
        return new Prefill(request, KvCache.empty(memory, model.signature(), 1), 0);
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
            prefixCache.add(p.request.prompt, KvRow.copyOf(p.cache.row(0), model.signature()));
        }
        if (accept(p.request, step.logits()[0])) {
            joining.add(p);
        } else {
            p.cache.close();
        }
        return processed;
    }

    /** Samples the request's next token; false when the generation is over. */
    private boolean accept(GenerationRequest r, float[] logits) {
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
     * copy). Otherwise rows that stay keep their place, a row that left is filled by the last row that stays, and
     * newcomers go after them: only moved and new rows are copied, native memory to native memory, and the whole
     * batch is packed anew only when it must grow its capacity or drop much padding ({@link KvCache#reform}).
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
        List<Integer> kept = new ArrayList<>(); // the old row each new row comes from
        for (int b = 0; b < batchMembers.size(); b++) {
            kept.add(b);
        }
        int i = 0;
        while (i < kept.size()) {
            if (rows.contains(batchMembers.get(kept.get(i)))) {
                i++;
            } else {
                int last = kept.removeLast();
                if (i < kept.size()) {
                    kept.set(i, last); // looked at again: the last row may have left too
                }
            }
        }
        List<KvCache.Row> sources = new ArrayList<>();
        List<GenerationRequest> members = new ArrayList<>();
        for (int b : kept) {
            sources.add(batch.row(b));
            members.add(batchMembers.get(b));
        }
        for (Prefill p : joining) {
            sources.add(p.cache.row(0));
            members.add(p.request);
        }
        KvCache old = batch;
        batch = null;
        if (members.isEmpty()) {
            if (old != null) {
                old.close();
            }
        } else {
            batch = old == null ? KvCache.pack(memory, model.signature(), sources) : old.reform(sources);
        }
        joining.forEach(p -> p.cache.close());
        joining.clear();
        rows.clear();
        rows.addAll(members);
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
        List<GenerationRequest> finished = new ArrayList<>();
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
        for (GenerationRequest r : pending) {
            if (r.lastPosition != position) {
                r.lastPosition = position;
                r.events.add(new Queued(position));
            }
            position++;
        }
    }

    private void failAll(Exception cause) {
        List<GenerationRequest> all = new ArrayList<>(rows);
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
            GenerationRequest r;
            while ((r = pending.poll()) != null) {
                all.add(r);
            }
        }
        all.forEach(r -> r.events.add(new Failed(cause)));
        active.set(0);
    }

    // ---------------------------------------------------------------- observation (any thread)

    int activeGenerations() {
        return active.get();
    }

    long tokensSampledAfterCancel() {
        return sampledAfterCancel.get();
    }

    long decodeSteps() {
        return decodeSteps.get();
    }

    int prefixCacheEntries() {
        return prefixCache.size();
    }

    /** Nothing queued, prefilling or decoding (a racy read, as good as a poll: callers check it twice). */
    boolean idle() {
        return pending.isEmpty() && active.get() == 0 && prefill == null && joining.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
