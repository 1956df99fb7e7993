package app.porter.knowledge;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p>The parts: {@link DocumentIntake} checks and parses a file before anything is stored, {@link IngestionQueue}
 * embeds and indexes in the background and keeps the jobs' progress, {@link DocumentStore} and {@link Originals}
 * hold the rows and the files. This class keeps the document lifecycle (which revision is current, what is
 * audited, when an original can go) and the lock that keeps the rows and the index in step.
 *
 * <p><b>Start-up</b> ({@link #start()}) checks the index against the database: documents whose passages are
 * missing, stale, or were embedded by another model (the index is then rebuilt) are re-indexed from their stored
 * originals; passages of documents that no longer exist are removed.
 */
public final class KnowledgeLibrary implements AutoCloseable {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("knowledge", 1),
            Migration.of("knowledge", 2), Migration.of("knowledge", 3));
    /** The audit actor for what Porter does by itself (demo content, re-indexing after a model change). */
    public static final String SYSTEM = "system";
    private static final Logger LOG = System.getLogger(KnowledgeLibrary.class.getName());

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

    private final DocumentStore store;
    private final Originals originals;
    private final KnowledgeBase knowledge;
    private final AuditLog audit;
    private final Settings settings;
    private final Clock clock;
    private final DocumentIntake intake;
    /** Held while a document's index entries and its row change together, so they never disagree. */
    private final Object documentLock = new Object();
    private final IngestionQueue ingestion;
    private final PassageReviews reviews;
    private final SecureRandom random = new SecureRandom();
    private volatile Runnable onChange = () -> { };

    public KnowledgeLibrary(Database database, Portfolio portfolio, AuditLog audit, KnowledgeBase knowledge,
                            Path folder, Settings settings, Clock clock) {
        this.store = new DocumentStore(database);
        this.originals = new Originals(folder.resolve("originals"));
        this.knowledge = knowledge;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.intake = new DocumentIntake(portfolio, settings);
        this.reviews = new PassageReviews(database, clock);
        knowledge.holdBack(reviews::held);
        knowledge.namedBy(scope -> names(portfolio, scope));
        this.ingestion = new IngestionQueue(store, knowledge, reviews, documentLock, clock);
    }

    /**
     * {@code listener} is told after every change to what tenants' questions are answered from: a document indexed
     * or deleted. It runs on the thread that made the change, so it must only hand work off.
     */
    public void onChange(Runnable listener) {
        onChange = listener;
        ingestion.onIndexed(listener);
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
        DocumentIntake.Prepared prepared = intake.prepare(upload);
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
        return accept(SYSTEM, documentId, intake.prepare(upload), true).document(); // indexed inline: read after indexing
    }

    /**
     * The names an asker in {@code scope} may call their home by: the property's name and id (its words), the
     * unit's id and name. The term gate treats them as words of asking (every passage of the property holds them).
     */
    static List<String> names(Portfolio portfolio, Scope scope) {
        List<String> names = new ArrayList<>();
        if (scope.propertyId() == null) {
            return names;
        }
        names.add(scope.propertyId().replace('-', ' '));
        portfolio.find(scope.propertyId()).ifPresent(property -> names.add(property.name()));
        if (scope.unitId() != null) {
            names.add(scope.unitId().replace('-', ' '));
            portfolio.findUnit(scope.propertyId(), scope.unitId()).map(app.porter.portfolio.Unit::name)
                    .ifPresent(names::add);
        }
        return names;
    }

    /** True when the index holds exactly the passages the row says were indexed, from the row's version. */
    private static boolean indexedAsRecorded(KnowledgeDocument document, KnowledgeIndex.Stored stored) {
        return document.status().equals(KnowledgeDocument.INDEXED) && stored != null
                && stored.version().equals(document.sha256()) && stored.passages() == document.passages();
    }

    private Accepted accept(String actor, String fixedId, DocumentIntake.Prepared prepared, boolean inline) {
        String sha = originals.save(prepared.bytes());
        ParsedDocument parsed = prepared.parsed();
        String title = parsed.title() != null ? parsed.title() : Text.titleFromFilename(prepared.filename());
        Instant now = clock.instant();
        IngestionQueue.Job job;
        IngestionQueue.Work work;
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
            job = ingestion.newJob(id, prepared.filename(), "ingest");
            work = new IngestionQueue.Work(id, revision, sha, title, prepared.scope(), prepared.language(), parsed);
        }
        audit.append(actor, replaced ? "knowledge.document.updated" : "knowledge.document.added", work.documentId());
        if (inline) {
            ingestion.runNow(job, work);
        } else {
            ingestion.submit(job, work);
        }
        return new Accepted(store.find(work.documentId()).orElseThrow(), job.snapshot(), replaced);
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
                    intake.resolveUnits(parsed.chunks(), document.scope()));
        } catch (DocumentRejected e) {
            store.setStatus(document.id(), document.revision(), KnowledgeDocument.FAILED, e.getMessage(), null, null,
                    null, clock.instant());
            throw e;
        }
        IngestionQueue.Job job;
        IngestionQueue.Work work;
        synchronized (documentLock) {
            int revision = store.newRevision(document.id(), clock.instant());
            job = ingestion.newJob(document.id(), document.filename(), "reindex");
            work = new IngestionQueue.Work(document.id(), revision, document.sha256(), document.title(),
                    document.scope(), document.language(), parsed);
        }
        ingestion.submit(job, work);
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
            reviews.forget(documentId);
            if (!store.originalInUse(document.sha256(), documentId)) {
                originals.delete(document.sha256());
            }
        }
        audit.append(actor.who(), "knowledge.document.deleted", documentId);
        onChange.run();
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

    /** A flagged passage and what staff decided ({@link #flagged}). */
    public record FlaggedPassage(String passageId, String documentId, String reason, boolean held,
                                 Instant flaggedAt, String approvedBy, Instant approvedAt) {
    }

    /**
     * Passages held back from answers because they ask for passwords, bank logins, card numbers or payments to a
     * new account, and those an admin approved; of one document, or every document when null. Held first.
     */
    public List<FlaggedPassage> flagged(String documentId) {
        return reviews.list(documentId).stream().map(r -> new FlaggedPassage(r.passageId(), r.documentId(),
                r.reason(), r.held(), r.flaggedAt(), r.decidedBy(), r.decidedAt())).toList();
    }

    /**
     * Approves a held passage of {@code documentId} (its id is {@code documentId#slug}): answers may quote it from
     * now on. Audited.
     *
     * @throws NotFound when the document has no such flagged passage
     * @throws NotPermitted unless {@code actor} is an admin
     */
    public FlaggedPassage approve(Actor actor, String documentId, String slug) {
        actor.require("approving flagged passages", Role.ADMIN);
        String passageId = documentId + "#" + slug;
        PassageReviews.Review before = reviews.approve(passageId, actor.who())
                .orElseThrow(() -> new NotFound("no flagged passage " + slug + " in this document"));
        if (before.held()) {
            audit.append(actor.who(), "knowledge.passage.approved", passageId, before.reason());
        }
        return flagged(documentId).stream().filter(f -> f.passageId().equals(passageId)).findFirst().orElseThrow();
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
        return ingestion.job(jobId);
    }

    /** Recent jobs, newest first. */
    public List<IngestionJob> jobs() {
        return ingestion.jobs();
    }

    /** Waits until no job is queued or running; false on timeout. For tests and tools. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return ingestion.awaitIdle(timeout);
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

    /**
     * Stops ingestion. The worker is not interrupted (an interrupt in the middle of a Lucene write would break the
     * index writer); a running job stops after its current group of passages. A document cut short stays
     * "queued" or "indexing", and {@link #start()} indexes it next time.
     */
    @Override
    public void close() {
        ingestion.close();
    }
}
