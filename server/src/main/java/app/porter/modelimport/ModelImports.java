package app.porter.modelimport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.DomainException;
import app.porter.models.ModelManager;

/**
 * Imports started from the admin API and the console: each runs as a job on one background thread (an import reads,
 * writes and checks a whole model; two at once would only halve each other's speed and double the memory), and its
 * progress is kept for polling until Porter restarts. Only admins import; the start and the outcome are audited.
 */
public final class ModelImports implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ModelImports.class.getName());
    private static final int KEPT_JOBS = 50;

    private final ModelManager models;
    private final ModelImporter importer;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService worker;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public ModelImports(ModelManager models, AuditLog audit, Clock clock) {
        this.models = models;
        this.importer = new ModelImporter(models, clock);
        this.audit = audit;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "porter-model-import");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1); // tenants' answers first
            return thread;
        });
    }

    /**
     * Queues an import after checking what can be checked at once (role, path, name), so a bad request is refused
     * with its reason instead of becoming a failed job.
     */
    public ImportJob start(Actor actor, ModelImporter.Request request) {
        actor.require("importing models", Role.ADMIN);
        ModelImporter.checkSource(request.source());
        String name;
        try {
            name = importer.refuseTaken(request.modelName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Job job = new Job(UUID.randomUUID().toString(), request, name, clock.instant());
        synchronized (jobs) {
            jobs.put(job.id, job);
            if (jobs.size() > KEPT_JOBS) {
                jobs.values().stream().filter(j -> j.snapshot().finished()).findFirst()
                        .ifPresent(oldest -> jobs.remove(oldest.id));
            }
        }
        audit.append(actor.who(), "model.import.start", name + " from " + request.source() + " ("
                + request.format() + ")");
        worker.submit(() -> run(actor, job));
        return job.snapshot();
    }

    public Optional<ImportJob> job(Actor actor, String id) {
        actor.require("reading the models", Role.ADMIN, Role.AUDITOR);
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id)).map(Job::snapshot);
        }
    }

    /** Recent imports, newest first. */
    public List<ImportJob> jobs(Actor actor) {
        actor.require("reading the models", Role.ADMIN, Role.AUDITOR);
        synchronized (jobs) {
            List<ImportJob> recent = new ArrayList<>(jobs.size());
            jobs.values().forEach(j -> recent.add(j.snapshot()));
            Collections.reverse(recent);
            return recent;
        }
    }

    private void run(Actor actor, Job job) {
        job.running();
        try {
            ModelImporter.Imported imported = importer.run(job.request,
                    (folder, name, activate) -> models.install(actor, folder, Optional.of(name), activate), job);
            job.finish(ImportJob.DONE, imported.verification(), null, clock.instant());
            audit.append(actor.who(), "model.import", job.name + " imported in " + imported.took().toSeconds()
                    + " s: " + imported.verification().summary());
        } catch (DomainException e) {
            job.finish(ImportJob.FAILED, null, e.getMessage(), clock.instant());
            audit.append(actor.who(), "model.import.failed", job.name + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Model files hold no tenant's words, so the reason may be logged and shown.
            LOG.log(Level.WARNING, "importing " + job.name + " failed", e);
            String why = "the import failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
            job.finish(ImportJob.FAILED, null, why, clock.instant());
            audit.append(actor.who(), "model.import.failed", job.name + ": " + why);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** One import's mutable state; readers take {@link #snapshot()}s. */
    private static final class Job implements ImportProgress {
        final String id;
        final ModelImporter.Request request;
        final String name;
        final Instant createdAt;
        private String state = ImportJob.QUEUED;
        private Phase phase;
        private long done;
        private long total;
        private VerificationReport verification;
        private String detail;
        private Instant finishedAt;

        Job(String id, ModelImporter.Request request, String name, Instant createdAt) {
            this.id = id;
            this.request = request;
            this.name = name;
            this.createdAt = createdAt;
        }

        synchronized void running() {
            state = ImportJob.RUNNING;
        }

        @Override
        public synchronized void report(Phase phase, long done, long total) {
            this.phase = phase;
            this.done = done;
            this.total = total;
        }

        synchronized void finish(String state, VerificationReport verification, String detail, Instant at) {
            this.state = state;
            this.verification = verification;
            this.detail = detail;
            this.finishedAt = at;
        }

        synchronized ImportJob snapshot() {
            return new ImportJob(id, request.source().toString(), name, request.format(), state,
                    Optional.ofNullable(phase), done, total, Optional.ofNullable(verification),
                    Optional.ofNullable(detail), createdAt, Optional.ofNullable(finishedAt));
        }
    }
}
