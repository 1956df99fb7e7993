package app.porter.knowledge;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.NotFound;
import app.porter.errors.NotPermitted;
import app.porter.errors.TooLarge;
import app.porter.errors.UnsupportedType;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Unit;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The knowledge base as staff manage it, the one service behind both the admin API and the console: upload a
 * document (checked, parsed and stored at once; embedded and indexed by a background job whose progress can be
 * polled), update it by uploading a file of the same name to the same scope, re-index it, delete it, list and
 * preview documents, try a question. Changes need the admin role and are audited.
 *
 * <p><b>Bad files never disturb anything.</b> A file is parsed before anything is stored; one that is too large,
 * of an unknown type, encrypted, damaged or a zip bomb is refused with a reason ({@link DocumentRejected}) and
 * nothing changes. Embedding runs on one background thread, so ingestion never holds up a tenant's answer for
 * long, and a document's passages are swapped in the index in one step, so the running chat sees the old version or
 * the new one, never a mixture.
 *
 * <p><b>Start-up</b> ({@link #start()}) checks the index against the database: documents whose passages are
 * missing, stale, or were embedded by another model (the index is then rebuilt) are re-indexed from their stored
 * originals; passages of documents that no longer exist are removed.
 */
public final class KnowledgeLibrary implements AutoCloseable {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("knowledge", 1),
            Migration.of("knowledge", 2));
    /** The audit actor for what Porter does by itself (demo content, re-indexing after a model change). */
    public static final String SYSTEM = "system";
    private static final Logger LOG = System.getLogger(KnowledgeLibrary.class.getName());
    private static final int KEPT_JOBS = 500;

    /** @param maxDocumentBytes largest file accepted */
    public record Settings(long maxDocumentBytes) {
        public Settings {
            if (maxDocumentBytes < 1024) {
                throw new IllegalArgumentException("maxDocumentBytes must be at least 1024");
            }
        }
    }

    /**
     * A file to add to the knowledge base.
     *
     * @param filename the name as uploaded (a path is cut to its last part); also how an update finds its document
     * @param contentType the media type as sent; generic types leave the format to the file name
     * @param scope where it belongs: the portfolio, a property, or a unit
     * @param language what language it is written in (BCP 47, one of {@link Language}), or null for
     *                 the firm's default; tenants speaking it get its passages first
     */
    public record Upload(String filename, String contentType, byte[] bytes, Scope scope, Language language) {
        public Upload {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(scope, "scope");
        }

        /** A document in the firm's default language. */
        public Upload(String filename, String contentType, byte[] bytes, Scope scope) {
            this(filename, contentType, bytes, scope, null);
        }
    }

    /** An accepted upload: the document (status {@code queued}) and the job that indexes it. */
    public record Accepted(KnowledgeDocument document, IngestionJob job, boolean replaced) {
    }

    /** What a job indexes: one revision of one document, already parsed. */
    private record Work(String documentId, int revision, String sha256, String title, Scope scope,
                        Language language, ParsedDocument parsed) {
    }

    private final DocumentStore store;
    private final Originals originals;
    private final KnowledgeBase knowledge;
    private final Portfolio portfolio;
    private final AuditLog audit;
    private final Settings settings;
    private final Clock clock;
    /** Held while a document's index entries and its row change together, so they never disagree. */
    private final Object documentLock = new Object();
    private final ExecutorService worker;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Set by {@link #close()}: queued jobs are skipped and a running one stops between two groups of passages. */
    private volatile boolean closing;

    /** Thrown inside a job's progress callback when Porter is shutting down. */
    private static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super(null, null, false, false);
        }
    }

    public KnowledgeLibrary(Database database, Portfolio portfolio, AuditLog audit, KnowledgeBase knowledge,
                            Path folder, Settings settings, Clock clock) {
        this.store = new DocumentStore(database);
        this.originals = new Originals(folder.resolve("originals"));
        this.knowledge = knowledge;
        this.portfolio = portfolio;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "porter-knowledge-ingest");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1); // tenants' questions first
            return thread;
        });
    }

    public Settings settings() {
        return settings;
    }

    /** Checks the index against the database and queues whatever needs (re-)indexing. Call once, at start. */
    public void start() {
        Map<String, KnowledgeIndex.Stored> indexed = knowledge.index().documents();
        List<KnowledgeDocument> documents = store.all();
        Set<String> known = documents.stream().map(KnowledgeDocument::id).collect(Collectors.toSet());
        for (String orphan : indexed.keySet()) {
            if (!known.contains(orphan)) {
                knowledge.delete(orphan);
            }
        }
        if (knowledge.index().rebuilt() && !documents.isEmpty()) {
            audit.append(SYSTEM, "knowledge.index.rebuilt", knowledge.embedder().modelName());
        }
        int queued = 0;
        for (KnowledgeDocument document : documents) {
            if (!indexedAsRecorded(document, indexed.get(document.id()))) {
                try {
                    requeue(document, SYSTEM);
                    queued++;
                } catch (DocumentRejected e) {
                    LOG.log(Level.WARNING, "knowledge document " + document.id() + " cannot be re-indexed: "
                            + e.error());
                }
            }
        }
        if (queued > 0) {
            LOG.log(Level.INFO, queued + " knowledge-base document(s) queued for (re-)indexing");
        }
    }

    /**
     * Adds a document, or updates the one with the same file name in the same scope. The file is checked and parsed
     * now; embedding and indexing run in the background ({@link #job(String)} tells the progress).
     *
     * @throws TooLarge over the size limit, {@link UnsupportedType} not a format Porter reads, {@link NotFound}
     *         no such property or unit, {@link DocumentRejected} content that cannot be used; nothing has changed then
     * @throws NotPermitted unless {@code actor} is an admin
     */
    public Accepted upload(Actor actor, Upload upload) {
        actor.require("adding documents", Role.ADMIN);
        Prepared prepared = prepare(upload);
        return accept(actor.who(), null, prepared, false);
    }

    /**
     * Installs a document that ships with Porter (the demo handbook) under a fixed id, synchronously, and only
     * when it is missing or changed: starting Porter again does not duplicate or re-embed it.
     */
    public KnowledgeDocument installBundled(String documentId, Upload upload) {
        Optional<KnowledgeDocument> existing = store.find(documentId);
        if (existing.isPresent() && existing.get().sha256().equals(Originals.sha256(upload.bytes()))
                && indexedAsRecorded(existing.get(), knowledge.index().documents().get(documentId))) {
            return existing.get();
        }
        return accept(SYSTEM, documentId, prepare(upload), true).document(); // indexed inline: read after indexing
    }

    /** True when the index holds exactly the passages the row says were indexed, from the row's version. */
    private static boolean indexedAsRecorded(KnowledgeDocument document, KnowledgeIndex.Stored stored) {
        return document.status().equals(KnowledgeDocument.INDEXED) && stored != null
                && stored.version().equals(document.sha256()) && stored.passages() == document.passages();
    }

    /** A checked, parsed upload. */
    private record Prepared(String filename, SourceFormat format, byte[] bytes, Scope scope, Language language,
                            ParsedDocument parsed) {
    }

    private Prepared prepare(Upload upload) {
        if (upload.bytes().length > settings.maxDocumentBytes()) {
            throw new TooLarge("the file is " + megabytes(upload.bytes().length)
                    + "; the limit is " + megabytes(settings.maxDocumentBytes()));
        }
        String name = cleanFilename(upload.filename());
        SourceFormat format = SourceFormat.detect(upload.contentType(), name)
                .orElseThrow(() -> new UnsupportedType(
                        "Porter reads " + SourceFormat.accepted() + "; this file is "
                                + describe(upload.contentType(), name)));
        Scope scope = checkScope(upload.scope());
        if (upload.bytes().length == 0) {
            throw DocumentRejected.unreadable("the file is empty");
        }
        ParsedDocument parsed = Sources.parse(format, upload.bytes());
        List<Chunk> chunks = resolveUnits(parsed.chunks(), scope);
        if (chunks.isEmpty()) {
            throw DocumentRejected.unreadable("no text was found in the file");
        }
        String filename = name.isEmpty() ? "document." + format.id() : name;
        return new Prepared(filename, format, upload.bytes(), scope, upload.language(),
                new ParsedDocument(parsed.title(), parsed.structure(), parsed.pages(), chunks));
    }

    private Accepted accept(String actor, String fixedId, Prepared prepared, boolean inline) {
        String sha = originals.save(prepared.bytes());
        ParsedDocument parsed = prepared.parsed();
        String title = parsed.title() != null ? parsed.title() : Text.titleFromFilename(prepared.filename());
        Instant now = clock.instant();
        Job job;
        Work work;
        boolean replaced;
        synchronized (documentLock) {
            Optional<KnowledgeDocument> existing = fixedId != null ? store.find(fixedId)
                    : store.findByName(prepared.scope(), prepared.filename());
            replaced = existing.isPresent();
            String id = existing.map(KnowledgeDocument::id).orElse(fixedId != null ? fixedId : newId(prepared.filename()));
            int revision = store.upsert(new KnowledgeDocument(id, title, prepared.filename(), prepared.format().id(),
                    prepared.format().mediaType(), parsed.structure(), prepared.scope(), prepared.bytes().length, sha,
                    parsed.pages(), 0, KnowledgeDocument.QUEUED, null, 0, actor, now, now, prepared.language()));
            existing.map(KnowledgeDocument::sha256).filter(old -> !old.equals(sha))
                    .filter(old -> !store.originalInUse(old, ""))
                    .ifPresent(originals::delete);
            job = newJob(id, prepared.filename(), "ingest", revision);
            work = new Work(id, revision, sha, title, prepared.scope(), prepared.language(), parsed);
        }
        audit.append(actor, replaced ? "knowledge.document.updated" : "knowledge.document.added", work.documentId());
        if (inline) {
            run(job, work);
        } else {
            worker.execute(() -> run(job, work));
        }
        return new Accepted(store.find(work.documentId()).orElseThrow(), job.snapshot(), replaced);
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
                knowledge.index().replace(work.documentId(), work.sha256(), indexed);
                store.setStatus(work.documentId(), work.revision(), KnowledgeDocument.INDEXED, null, passages.size(),
                        work.parsed().pages(), work.parsed().structure(), clock.instant());
            }
            job.finish(IngestionJob.DONE, null, clock.instant());
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

    /** Re-reads a document from its stored original and indexes it again. */
    public IngestionJob reindex(Actor actor, String documentId) {
        actor.require("re-indexing documents", Role.ADMIN);
        KnowledgeDocument document = store.find(documentId)
                .orElseThrow(() -> new NotFound("no such document"));
        IngestionJob job = requeue(document, actor.who());
        audit.append(actor.who(), "knowledge.document.reindexed", documentId);
        return job;
    }

    /** Re-indexes every document (after a parser improvement, say). */
    public List<IngestionJob> reindexAll(Actor actor) {
        actor.require("re-indexing documents", Role.ADMIN);
        List<IngestionJob> started = new ArrayList<>();
        for (KnowledgeDocument document : store.all()) {
            try {
                started.add(requeue(document, actor.who()));
            } catch (DocumentRejected e) {
                LOG.log(Level.WARNING, "knowledge document " + document.id() + " cannot be re-indexed: " + e.error());
            }
        }
        audit.append(actor.who(), "knowledge.reindexed-all", Integer.toString(started.size()));
        return started;
    }

    private IngestionJob requeue(KnowledgeDocument document, String actor) {
        byte[] bytes = originals.read(document.sha256()).orElse(null);
        if (bytes == null) {
            String detail = "the original file is missing from the data directory; upload it again";
            store.setStatus(document.id(), document.revision(), KnowledgeDocument.FAILED, detail, null, null, null,
                    clock.instant());
            throw DocumentRejected.unreadable(detail);
        }
        ParsedDocument parsed;
        try {
            SourceFormat format = SourceFormat.fromId(document.format()).orElseThrow(
                    () -> DocumentRejected.unreadable("unknown format " + document.format()));
            parsed = Sources.parse(format, bytes);
            parsed = new ParsedDocument(parsed.title(), parsed.structure(), parsed.pages(),
                    resolveUnits(parsed.chunks(), document.scope()));
        } catch (DocumentRejected e) {
            store.setStatus(document.id(), document.revision(), KnowledgeDocument.FAILED, e.getMessage(), null, null,
                    null, clock.instant());
            throw e;
        }
        Job job;
        Work work;
        synchronized (documentLock) {
            int revision = store.newRevision(document.id(), clock.instant());
            job = newJob(document.id(), document.filename(), "reindex", revision);
            work = new Work(document.id(), revision, document.sha256(), document.title(), document.scope(),
                    document.language(), parsed);
        }
        worker.execute(() -> run(job, work));
        return job.snapshot();
    }

    /**
     * Deletes a document: its passages leave the index before this returns, so no answer quotes it afterwards.
     *
     * @throws NotFound when there is no such document
     */
    public KnowledgeDocument delete(Actor actor, String documentId) {
        actor.require("deleting documents", Role.ADMIN);
        KnowledgeDocument document;
        synchronized (documentLock) {
            document = store.find(documentId).orElseThrow(() -> new NotFound("no such document"));
            knowledge.delete(documentId);
            store.delete(documentId);
            if (!store.originalInUse(document.sha256(), documentId)) {
                originals.delete(document.sha256());
            }
        }
        audit.append(actor.who(), "knowledge.document.deleted", documentId);
        return document;
    }

    /** Documents visible in {@code scope} (what an asker there may draw on), or every document when null. */
    public List<KnowledgeDocument> documents(Scope scope) {
        return store.all().stream().filter(d -> scope == null || scope.sees(d.scope())).toList();
    }

    public Optional<KnowledgeDocument> document(String documentId) {
        return store.find(documentId);
    }

    /** A document's passages as indexed, in order (the chunk preview). */
    public List<Passage> passages(String documentId) {
        return knowledge.passages(documentId);
    }

    /** What an asker in {@code scope} would find for {@code query}; every scope when null (staff only). */
    public List<ScoredPassage> search(String query, Scope scope, int limit) {
        return search(query, scope, limit, null);
    }

    /** As {@link #search(String, Scope, int)}, for an asker speaking {@code language} (null: no preference). */
    public List<ScoredPassage> search(String query, Scope scope, int limit, Language language) {
        return scope == null ? knowledge.searchEverywhere(query, limit, language)
                : knowledge.search(query, scope, limit, language);
    }

    public Optional<IngestionJob> job(String jobId) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(jobId)).map(Job::snapshot);
        }
    }

    /** Recent jobs, newest first. */
    public List<IngestionJob> jobs() {
        synchronized (jobs) {
            List<IngestionJob> recent = new ArrayList<>(jobs.size());
            jobs.values().forEach(j -> recent.add(j.snapshot()));
            return recent.reversed();
        }
    }

    /** Waits until no job is queued or running; false on timeout. For tests and tools. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jobs().stream().anyMatch(j -> !j.finished())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private Scope checkScope(Scope scope) {
        if (scope.propertyId() != null && portfolio.find(scope.propertyId()).isEmpty()) {
            throw new NotFound("there is no property " + scope.propertyId());
        }
        if (scope.unitId() != null && portfolio.findUnit(scope.propertyId(), scope.unitId()).isEmpty()) {
            throw new NotFound("property " + scope.propertyId()
                    + " has no unit " + scope.unitId());
        }
        return scope;
    }

    /**
     * Gives rows that name a unit (maintenance records) the portfolio's own unit id ("apt 4b" → "4B"), and refuses
     * a file whose rows would reach the wrong tenants: unit rows in a portfolio-wide document (unit ids are per
     * property), or another unit's rows in a unit's document.
     */
    private List<Chunk> resolveUnits(List<Chunk> chunks, Scope scope) {
        if (chunks.stream().allMatch(c -> c.unitId() == null)) {
            return chunks;
        }
        if (scope.propertyId() == null) {
            throw DocumentRejected.unreadable("these records name units; upload the file for their property"
                    + " (propertyId) so that each record reaches only its own unit");
        }
        Map<String, String> units = new HashMap<>();
        for (Unit unit : portfolio.units(scope.propertyId())) {
            units.put(unit.id().toLowerCase(Locale.ROOT), unit.id());
        }
        List<Chunk> resolved = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            if (chunk.unitId() == null) {
                resolved.add(chunk);
                continue;
            }
            String named = chunk.unitId().replaceFirst("(?i)^(unit|apt\\.?|apartment|suite|#)\\s*", "").strip();
            String unitId = units.getOrDefault(named.toLowerCase(Locale.ROOT), named);
            if (!unitId.matches(Unit.ID_PATTERN)) {
                throw DocumentRejected.unreadable("a row names the unit \"" + abbreviate(chunk.unitId())
                        + "\", which is not a unit id (letters, digits and '-')");
            }
            if (scope.unitId() != null && !scope.unitId().equals(unitId)) {
                throw DocumentRejected.unreadable("a row is for unit " + unitId + " but the document is for unit "
                        + scope.unitId() + "; upload it for the property instead");
            }
            resolved.add(new Chunk(chunk.heading(), chunk.text(), chunk.whole(), unitId));
        }
        return resolved;
    }

    private String newId(String filename) {
        String base = Text.slug(Text.titleFromFilename(filename));
        if (base.length() > 40) {
            base = base.substring(0, 40).replaceAll("-$", "");
        }
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        return base + "-" + HexFormat.of().formatHex(suffix);
    }

    private static String cleanFilename(String filename) {
        if (filename == null) {
            return "";
        }
        String name = filename.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cc}", "").strip();
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    private static String describe(String contentType, String filename) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            return abbreviate(type);
        }
        int dot = filename.lastIndexOf('.');
        return dot >= 0 ? "a ." + abbreviate(filename.substring(dot + 1)) + " file" : "of an unknown type";
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\p{L}\\p{N} ./+#-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private Job newJob(String documentId, String filename, String kind, int revision) {
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

    /** A job's live state; read as {@link IngestionJob} snapshots. */
    private static final class Job {
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

        Job(String id, String documentId, String filename, String kind, Instant createdAt) {
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
     * "queued" or "indexing", and {@link #start()} indexes it next time.
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
