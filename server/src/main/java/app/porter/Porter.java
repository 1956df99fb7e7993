package app.porter;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.helidon.webserver.WebServer;

import app.porter.access.AdminTokens;
import app.porter.admin.AdminServices;
import app.porter.admin.TokenLockout;
import app.porter.analytics.Analytics;
import app.porter.audit.AuditLog;
import app.porter.audit.AuditWitness;
import app.porter.chat.Conversations;
import app.porter.chat.ExtractiveAnswerer;
import app.porter.chat.GenerativeAnswerer;
import app.porter.console.Console;
import app.porter.console.ConsoleContext;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.demo.DemoProperty;
import app.porter.feedback.Feedback;
import app.porter.flows.Flows;
import app.porter.gaps.KnowledgeGaps;
import app.porter.inbox.Inbox;
import app.porter.inference.ActiveModel;
import app.porter.inference.Embedder;
import app.porter.inference.GenerationEngine;
import app.porter.inference.OnnxEmbedder;
import app.porter.inference.OnnxRuntimePrivacy;
import app.porter.inference.SamplingSettings;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeIndex;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.language.Language;
import app.porter.modelimport.ModelImports;
import app.porter.models.ModelManager;
import app.porter.notify.Notifications;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.Backups;
import app.porter.privacy.PrivacyNotices;
import app.porter.privacy.PrivacyServices;
import app.porter.privacy.Redactor;
import app.porter.properties.PropertySetup;
import app.porter.staff.StaffAccounts;
import app.porter.store.Database;
import app.porter.store.FileModes;
import app.porter.store.Migration;
import app.porter.store.Migrator;
import app.porter.suites.ModelRehearsal;
import app.porter.suites.SuiteAutoRun;
import app.porter.suites.Suites;

/**
 * One running appliance: the store, the services, the tenant and admin sockets and, when its module is on the
 * class path, the console. This is the wiring; the features do the work.
 *
 * <p>What each socket serves is in {@link TenantRouting} and {@link AdminRouting}; this class opens the data
 * directory and keys, builds the services in dependency order (the office side in {@link Office}), starts the
 * server ({@link Sockets}) and the console, both given one {@link AdminServices}, and closes everything in reverse
 * when the appliance stops.
 */
public final class Porter implements AutoCloseable {

    /**
     * Every feature's tables, in the order they reference each other. The start applies them, and so do the
     * commands that open a stopped appliance's database (rotate-kek, backup, verify-audit), so they work on a data
     * directory that the new version has not started on yet.
     */
    static final List<Migration> MIGRATIONS = Stream.of(AuditLog.MIGRATIONS, AdminTokens.MIGRATIONS,
                    Portfolio.MIGRATIONS, Conversations.MIGRATIONS, KeyRing.MIGRATIONS,
                    KnowledgeLibrary.MIGRATIONS, Flows.MIGRATIONS, Notifications.MIGRATIONS,
                    StaffAccounts.MIGRATIONS, Feedback.MIGRATIONS, KnowledgeGaps.MIGRATIONS, Suites.MIGRATIONS,
                    Policies.MIGRATIONS, Analytics.MIGRATIONS)
            .flatMap(List<Migration>::stream).toList();

    private static final Logger LOG = System.getLogger(Porter.class.getName());
    static final String ADMIN_SOCKET = "admin";
    static final String KEY_FILE = Keystore.KEY_FILE;

    static final String KNOWLEDGE_FOLDER = "knowledge";
    /** Every table that holds wrapped data keys: a KEK rotation rewraps them all. */
    static final List<KeyRing.WrappedKeyTable> WRAPPED_KEY_TABLES = Stream.concat(
            Stream.of(Conversations.WRAPPED_KEYS, Notifications.WRAPPED_KEYS, StaffAccounts.WRAPPED_KEYS),
            Flows.WRAPPED_KEYS.stream()).toList();
    /**
     * Folders backed up beside the database: the knowledge base's original documents (immutable, named by their
     * sha256, so a copy is always consistent). The Lucene index is left out: it is rebuilt from them at start.
     */
    static final List<String> BACKED_UP_FOLDERS = List.of(KNOWLEDGE_FOLDER + "/originals");

    /** What {@link #close()} stops, in the order it was started (it stops them in reverse). */
    private final List<AutoCloseable> parts;
    private final WebServer server;
    private final int consolePort;
    private final AdminTokens.Bootstrap bootstrap;
    private final ActiveModel models;
    private final String modelNote;
    private final Database database;
    private final MasterKey master;
    private final PrivacyServices privacy;
    private final KnowledgeLibrary knowledge;
    private final Flows flows;
    private final Notifications notifications;
    private final Inbox inbox;
    private final Analytics analytics;

    private Porter(List<AutoCloseable> parts, WebServer server, int consolePort, AdminTokens.Bootstrap bootstrap,
                   ActiveModel models, String modelNote, Database database, MasterKey master,
                   PrivacyServices privacy, KnowledgeLibrary knowledge, Flows flows, Notifications notifications,
                   Inbox inbox, Analytics analytics) {
        this.parts = List.copyOf(parts);
        this.database = database;
        this.master = master;
        this.privacy = privacy;
        this.server = server;
        this.consolePort = consolePort;
        this.bootstrap = bootstrap;
        this.models = models;
        this.modelNote = modelNote;
        this.knowledge = knowledge;
        this.flows = flows;
        this.notifications = notifications;
        this.inbox = inbox;
        this.analytics = analytics;
    }

    public static Porter start(PorterConfig config) throws IOException, SQLException {
        return start(config, Clock.systemUTC());
    }

    /** Starts on {@code clock}: tests move a controllable clock to exercise retention. */
    public static Porter start(PorterConfig config, Clock clock) throws IOException, SQLException {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        // Owner-only (0700 / 0600), and a warning for whatever someone loosened since the last start.
        FileModes.createDirectories(dataDir);
        FileModes.secure(dataDir);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            // The master key first: a wrong passphrase or a missing key file stops the start before any file
            // is created or changed.
            MasterKey master = Keystore.open(dataDir, config.privacy().passphraseFile(), config.privacy().argon2());
            opened.add(master);
            Database database = Database.open(dataDir);
            opened.add(database);
            new Migrator(database).migrate(MIGRATIONS);

            KeyRing keys = KeyRing.open(database, master, clock);
            ApplianceKey applianceKey = ApplianceKey.openOrCreate(database, keys, clock);
            AuditLog audit = new AuditLog(database, clock, applianceKey, AuditWitness.in(dataDir));
            audit.startWitness();
            PrivacyNotices notices = new PrivacyNotices(database, audit, clock);
            notices.installDefault();
            AdminTokens tokens = new AdminTokens(database, clock);
            AdminTokens.Bootstrap bootstrap = tokens.bootstrap(config.bootstrapToken(), dataDir);
            bootstrap.tokenId().ifPresent(id -> audit.append("system", "access.token.created", id));
            StaffAccounts staff = new StaffAccounts(database, keys, tokens, audit, clock);
            // Counters for the console's charts, written off the tenant's thread (closed before the database).
            Analytics analytics = new Analytics(database, clock, ZoneId.systemDefault());
            opened.add(analytics);

            OnnxRuntimePrivacy.check();
            Embedder embedder = OnnxEmbedder.bundled(Runtime.getRuntime().availableProcessors());
            opened.add(embedder);
            // Retrieval's model is chosen by the retrieval evaluation; intents and emergencies stay on the bundled
            // one, which their thresholds are calibrated on. The same model: one embedder, one vector per message.
            Embedder retrieval = KnowledgeBase.MODEL.name().equals(embedder.modelName()) ? embedder
                    : OnnxEmbedder.load(KnowledgeBase.MODEL, Runtime.getRuntime().availableProcessors());
            if (retrieval != embedder) {
                opened.add(retrieval);
            }
            Path knowledgeFolder = dataDir.resolve(KNOWLEDGE_FOLDER);
            KnowledgeIndex index = KnowledgeIndex.open(knowledgeFolder.resolve("index"), retrieval.modelName(),
                    retrieval.dimensions());
            opened.add(index);
            KnowledgeBase knowledge = new KnowledgeBase(retrieval, index);
            Portfolio portfolio = new Portfolio(database, audit, clock);
            KnowledgeLibrary knowledgeService = new KnowledgeLibrary(database, portfolio, audit, knowledge,
                    knowledgeFolder, new KnowledgeLibrary.Settings(config.maxDocumentBytes()), clock);
            opened.add(knowledgeService);
            // The demo handbook first (indexed inline when missing or changed), so start() does not queue it again.
            DemoProperty.install(portfolio, knowledgeService);
            knowledgeService.start();

            GenerationConfig generation = config.generation();
            GenerationEngine.Settings engineSettings = new GenerationEngine.Settings(generation.maxBatch(),
                    generation.queue(), 256, 4, (long) generation.prefixCacheMb() << 20);
            ActiveModel models = new ActiveModel(engineSettings, generation.effectiveThreads());
            opened.add(models);
            ModelManager modelManager = new ModelManager(dataDir.resolve("models"), models, audit);
            String modelNote = modelManager.loadAtStart(config.modelDir());
            ModelImports imports = new ModelImports(modelManager, audit, clock);
            opened.add(imports);

            // The firm's guidelines: the model's policy text, topics that always go to a person, the greeting.
            Policies policies = new Policies(database, audit, clock, generation.policy());
            ExtractiveAnswerer extractive = new ExtractiveAnswerer(knowledge,
                    new ExtractiveAnswerer.Settings(config.minSimilarity(), config.runnerUpMargin()));
            Redactor redactor = new Redactor(config.privacy().phoneRegion(), List.of());
            GenerativeAnswerer.Settings answering = new GenerativeAnswerer.Settings(policies::promptText,
                    generation.passages(), config.minSimilarity(), generation.maxNewTokens(), SamplingSettings.greedy());
            UnaryOperator<String> modelInput = config.privacy().redactModelInput()
                    ? text -> redactor.redact(text).text()
                    : UnaryOperator.identity();
            GenerativeAnswerer answerer = new GenerativeAnswerer(knowledge, models, extractive, answering, modelInput);
            // Emergencies, guided flows, escalations and tickets see every message before the knowledge base does.
            Flows flows = Flows.start(config.flows(), dataDir, database, keys, audit, embedder, portfolio, policies,
                    // The answer gate is extractive mode's threshold; as many candidates as either mode uses.
                    new Flows.Answering(knowledge, Math.max(ExtractiveAnswerer.CANDIDATES, generation.passages()),
                            config.minSimilarity()), clock);
            opened.add(flows);
            // E-mail to staff and the webhook's signature. The listeners only queue, after the commit.
            // SLA breaches: the escalations still unanswered past their target (porter.escalations.sla).
            Notifications notifications = Notifications.start(config.notifications(), database, keys, audit, clock,
                    now -> flows.escalations().breached(config.escalationSla(), now));
            opened.add(notifications);
            flows.escalations().onRaised(notifications::escalationRaised);
            flows.tickets().onCreated(notifications::ticketCreated);
            flows.tickets().onCreated(t -> analytics.ticketCreated(t.propertyId(),
                    Language.fromTag(t.language()).orElse(null)));
            flows.escalations().onRaised(e -> analytics.escalationRaised(e.propertyId(), e.reason(), e.kind()));
            flows.escalations().onFirstReply(e -> analytics.firstStaffReply(e.propertyId(), e.reason(),
                    Duration.between(e.createdAt(), e.firstReplyAt())));
            flows.webhook().ifPresent(webhook -> webhook.signWith(notifications::webhookSecret, clock));
            PropertySetup properties = new PropertySetup(portfolio, flows.properties(), notifications);
            Conversations conversations = new Conversations(database, keys, answerer, clock,
                    () -> notices.current().version(), flows.router(), analytics);
            // Ticket status changes reach the tenant's open widget; tickets know nothing of chat.
            flows.tickets().onStatusChanged(change -> conversations.staffSide().announceTicket(change.conversationId(),
                    change.reference(), change.status()));
            flows.tickets().assignableFrom(staff::activeActor);
            Office office = Office.open(config, database, keys, applianceKey, audit, notices, redactor, embedder,
                    conversations, knowledge, knowledgeService, portfolio, flows, policies, staff, analytics, clock,
                    opened);
            PrivacyServices privacy = office.privacy();
            // Acceptance suites: rehearsed after each knowledge-base or policy change, and before a model is activated.
            if (config.suitesAutoRun()) {
                SuiteAutoRun autoRun = new SuiteAutoRun(office.suites(), Duration.ofSeconds(3));
                opened.add(autoRun);
                knowledgeService.onChange(() -> autoRun.changed("after knowledge-base change"));
                policies.onPublish(() -> autoRun.changed("after policy change"));
            }
            modelManager.gateActivations(new ModelRehearsal(office.suites(),
                    () -> new ActiveModel(engineSettings, generation.effectiveThreads()),
                    candidate -> new GenerativeAnswerer(knowledge, candidate, extractive, answering, modelInput)));
            AdminServices services = new AdminServices(tokens, staff, knowledgeService, conversations, portfolio,
                    audit, config.defaultPropertyId(), modelManager, privacy, flows.tickets(), flows.escalations(),
                    notifications, office.inbox(), office.gaps(), office.corrections(), office.dataset(),
                    office.suites(), policies, properties, analytics, imports,
                    new TokenLockout(audit, Clock.systemUTC()));

            WebServer server = Sockets.start(config, database, r -> TenantRouting.register(r, conversations,
                    portfolio, privacy, config, flows, office.feedback()), services);
            opened.add(server::stop);

            Optional<Console> console = ServiceLoader.load(Console.class).findFirst();
            int consolePort = -1;
            if (console.isPresent()) {
                opened.add(console.get());
                consolePort = console.get().start(new ConsoleContext(config.consoleHost(), config.consolePort(),
                        services));
            }
            office.retention().start();
            return new Porter(opened, server, consolePort, bootstrap, models, modelNote, database, master, privacy,
                    knowledgeService, flows, notifications, office.inbox(), analytics);
        } catch (IOException | SQLException | RuntimeException | Error e) {
            closeAll(opened); // a half-started appliance must not keep its ports
            throw e;
        } catch (Exception e) {
            closeAll(opened);
            throw new IllegalStateException("Porter failed to start: " + e.getMessage(), e);
        }
    }

    public int tenantPort() {
        return server.port();
    }

    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    /** The console's port, or -1 when no console module is on the class path. */
    public int consolePort() {
        return consolePort;
    }

    /** How Porter answers now, for the start-up banner. */
    public String answerModeDescription() {
        String mode = models.current()
                .map(m -> "generative mode with " + m.name() + " (" + m.model().onnxFile() + "), grounded in the"
                        + " knowledge base")
                .orElse("extractive mode (quotes the knowledge base)");
        return modelNote.isEmpty() ? mode : mode + "\n    " + modelNote;
    }

    /** The generative model holder (none loaded means extractive mode). */
    public ActiveModel models() {
        return models;
    }

    /** Counters and timings behind the console's charts (tenant feedback records thumbs and CSAT here). */
    public Analytics analytics() {
        return analytics;
    }

    /** The office's inbox: escalation queue, transcripts, live takeover. */
    public Inbox inbox() {
        return inbox;
    }

    /** Flows, escalations and tickets. */
    public Flows flows() {
        return flows;
    }

    /** E-mail to staff and the webhook's signing secret. */
    public Notifications notifications() {
        return notifications;
    }

    /** What first start did about the first admin token. */
    public AdminTokens.Bootstrap bootstrap() {
        return bootstrap;
    }

    /** Privacy: keys, retention, data-subject requests, the notice, the audit log. */
    public PrivacyServices privacy() {
        return privacy;
    }

    /**
     * Writes an encrypted, consistent backup of the running appliance to {@code target}; audited.
     *
     * @see Backups
     */
    public Path backup(Path target, String actor) throws IOException {
        Path written = Backups.backup(database, master, database.file().getParent(), target, BACKED_UP_FOLDERS,
                Clock.systemUTC());
        privacy.audit().append(actor, "privacy.backup.written", written.getFileName().toString());
        return written;
    }

    /** The knowledge base as staff manage it (tests and tools wait on its ingestion jobs). */
    public KnowledgeLibrary knowledge() {
        return knowledge;
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "while stopping: " + e.getClass().getSimpleName());
            }
        }
    }
}
