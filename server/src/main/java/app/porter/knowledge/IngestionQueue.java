package app.porter.knowledge;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import app.porter.inference.BackgroundPriority;
import app.porter.language.Language;

/**
 * The ingestion jobs behind {@link KnowledgeLibrary}: embeds and indexes parsed documents on one background thread,
 * and keeps every job's progress for the admin API and the console to poll. The library decides what to index
 * (checking, parsing, the document rows); this class only runs it and tells how far it got, so the threading and
 * the shutdown rules live in one place.
 *
 * <p>One thread, at a lower CPU priority ({@link BackgroundPriority}), so ingestion never holds up a tenant's
 * answer for long. A job indexes one revision of one document and is dropped ({@link IngestionJob#SUPERSEDED})
 * when a newer upload or re-index of the same document has come since: only the latest revision's passages reach
 * the index.
 */
final class IngestionQueue implements AutoCloseable {

    private static final Logger LOG = System.getLogger(IngestionQueue.class.getName());
    /** Finished jobs beyond this many are forgotten, oldest first. */
    private static final int KEPT_JOBS = 500;

    /** What a job indexes: one revision of one document, already parsed. */
    record Work(String documentId, int revision, String sha256, String title, Scope scope, Language language,
                ParsedDocument parsed) {
    }

    private final DocumentStore store;
    private final PassageReviews reviews;
    private final KnowledgeBase knowledge;
    /** The library's lock: held while a document's index entries and its row change together. */
    private final Object documentLock;
    private final Clock clock;
    private final ExecutorService worker;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Set by {@link #close()}: queued jobs are skipped and a running one stops between two groups of passages. */
    private volatile boolean closing;

    /** Thrown inside a job's progress callback when Porter is shutting down. */
    private static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super(null, null, false, false);
        }
    }

    /**
     * @param documentLock the lock under which the caller changes document rows; a job takes it to swap a
     *                     document's passages in the index and mark its row indexed in one step
     */
    IngestionQueue(DocumentStore store, KnowledgeBase knowledge, PassageReviews reviews, Object documentLock,
                   Clock clock) {
        this.store = store;
        this.reviews = reviews;
        this.knowledge = knowledge;
        this.documentLock = documentLock;
        this.clock = clock;
        // Tenants' questions first: Thread.setPriority is ignored on Linux, a nice value is not.
        this.worker = Executors.newSingleThreadExecutor(BackgroundPriority.threads("porter-knowledge-ingest-"));
    }

    /**
     * Registers a queued job, so that it is listed (and its id can be handed out) before it runs. Separate from
     * {@link #submit} so the caller can register it under its document lock and run it after releasing the lock.
     *
     * @param kind {@code ingest} or {@code reindex}
     */
    Job newJob(String documentId, String filename, String kind) {
        Job job = new Job(UUID.randomUUID().toString(), documentId, filename, kind, clock.instant());
        synchronized (jobs) {
            jobs.put(job.id, job);
            if (jobs.size() > KEPT_JOBS) {
                jobs.values().stream().filter(j -> j.snapshot().finished()).findFirst()
                        .ifPresent(oldest -> jobs.remove(oldest.id));
            }
        }
        return job;
    }

    /** Told after each document is indexed (acceptance suites run after a knowledge-base change). */
    private volatile Runnable onIndexed = () -> { };

    void onIndexed(Runnable listener) {
        onIndexed = listener;
    }

    /** Runs {@code job} on the background thread. */
    void submit(Job job, Work work) {
        worker.execute(() -> run(job, work));
    }

    /** Runs {@code job} on the caller's thread (bundled documents, which must be searchable when start-up ends). */
    void runNow(Job job, Work work) {
        run(job, work);
    }

    Optional<IngestionJob> job(String jobId) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(jobId)).map(Job::snapshot);
        }
    }

    /** Recent jobs, newest first. */
    List<IngestionJob> jobs() {
        synchronized (jobs) {
            List<IngestionJob> recent = new ArrayList<>(jobs.size());
            jobs.values().forEach(j -> recent.add(j.snapshot()));
            return recent.reversed();
        }
    }

    /** Waits until no job is queued or running; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jobs().stream().anyMatch(j -> !j.finished())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Embeds and indexes one revision; drops it when the document has changed or gone meanwhile. */
    private void run(Job job, Work work) {
        if (closing) {
            return; // the document stays "queued"; start() queues it again next time
        }
        try {
            if (!isCurrent(work)) {
                job.finish(IngestionJob.SUPERSEDED, null, clock.instant());
                return;
            }
            List<Passage> passages = Passages.build(work.documentId(), work.title(), work.scope(), work.language(),
                    work.parsed().chunks());
            job.start(passages.size());
            store.setStatus(work.documentId(), work.revision(), KnowledgeDocument.INDEXING, null, null, null, null,
                    clock.instant());
            List<KnowledgeIndex.IndexedPassage> indexed = knowledge.embed(passages, done -> {
                job.progress(done);
                if (closing) {
                    throw new ShuttingDown();
                }
            });
            synchronized (documentLock) {
                if (!isCurrent(work)) {
                    job.finish(IngestionJob.SUPERSEDED, null, clock.instant());
                    return;
                }
                // Flagged passages are held back before they become searchable, never a moment after.
                reviews.record(work.documentId(), passages);
                knowledge.index().replace(work.documentId(), work.sha256(), indexed);
                store.setStatus(work.documentId(), work.revision(), KnowledgeDocument.INDEXED, null, passages.size(),
                        work.parsed().pages(), work.parsed().structure(), clock.instant());
            }
            job.finish(IngestionJob.DONE, null, clock.instant());
            onIndexed.run();
        } catch (ShuttingDown e) {
            // Left "indexing": start() re-indexes it next time. Nothing was written to the index.
        } catch (RuntimeException e) {
            // The class only: a message could quote the document.
            String detail = "indexing failed (" + e.getClass().getSimpleName() + "); try re-indexing";
            LOG.log(Level.WARNING, "knowledge document " + work.documentId() + ": " + detail);
            store.setStatus(work.documentId(), work.revision(), KnowledgeDocument.FAILED, detail, null, null, null,
                    clock.instant());
            job.finish(IngestionJob.FAILED, detail, clock.instant());
        }
    }

    private boolean isCurrent(Work work) {
        return store.find(work.documentId()).map(d -> d.revision() == work.revision()).orElse(false);
    }

    /** A job's live state; read as {@link IngestionJob} snapshots. */
    static final class Job {
        final String id;
        final String documentId;
        final String filename;
        final String kind;
        final Instant createdAt;
        private String state = IngestionJob.QUEUED;
        private int done;
        private int total;
        private String detail;
        private Instant finishedAt;

        private Job(String id, String documentId, String filename, String kind, Instant createdAt) {
            this.id = id;
            this.documentId = documentId;
            this.filename = filename;
            this.kind = kind;
            this.createdAt = createdAt;
        }

        synchronized void start(int passages) {
            state = IngestionJob.RUNNING;
            total = passages;
        }

        synchronized void progress(int passagesDone) {
            done = passagesDone;
        }

        synchronized void finish(String finalState, String why, Instant at) {
            state = finalState;
            detail = why;
            finishedAt = at;
            if (finalState.equals(IngestionJob.DONE)) {
                done = total;
            }
        }

        synchronized IngestionJob snapshot() {
            return new IngestionJob(id, documentId, filename, kind, state, done, total, detail, createdAt, finishedAt);
        }
    }

    /**
     * Stops ingestion. The worker is not interrupted (an interrupt in the middle of a Lucene write would break the
     * index writer); a running job stops after its current group of passages. A document cut short stays
     * "queued" or "indexing", and {@link KnowledgeLibrary#start()} indexes it next time.
     */
    @Override
    public void close() {
        closing = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "knowledge ingestion did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
