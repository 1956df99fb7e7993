package app.porter;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import io.helidon.cors.CrossOriginConfig;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import app.porter.access.AdminTokens;
import app.porter.audit.AuditLog;
import app.porter.chat.ChatHttpService;
import app.porter.chat.ConversationService;
import app.porter.chat.ExtractiveAnswerer;
import app.porter.console.Console;
import app.porter.console.ConsoleContext;
import app.porter.demo.DemoProperty;
import app.porter.escalation.EscalationAdminService;
import app.porter.flows.Flows;
import app.porter.http.AdminAuth;
import app.porter.http.ApiErrors;
import app.porter.inference.Embedder;
import app.porter.inference.OnnxEmbedder;
import app.porter.inference.OnnxRuntimePrivacy;
import app.porter.knowledge.KnowledgeAdminService;
import app.porter.knowledge.KnowledgeBase;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.KeyRing;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;
import app.porter.tickets.TicketAdminService;
import app.porter.widget.WidgetService;

/**
 * One running appliance: the store, the services, the tenant and admin sockets and, when its module is on the
 * class path, the console. This is the wiring; the features do the work.
 */
public final class Porter implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Porter.class.getName());
    static final String ADMIN_SOCKET = "admin";
    static final String KEY_FILE = "porter.key";

    private final Database database;
    private final Embedder embedder;
    private final WebServer server;
    private final Console console;
    private final int consolePort;
    private final AdminTokens.Bootstrap bootstrap;
    private final Flows flows;

    private Porter(Database database, Embedder embedder, WebServer server, Console console, int consolePort,
                   AdminTokens.Bootstrap bootstrap, Flows flows) {
        this.database = database;
        this.embedder = embedder;
        this.server = server;
        this.console = console;
        this.consolePort = consolePort;
        this.bootstrap = bootstrap;
        this.flows = flows;
    }

    public static Porter start(PorterConfig config) throws IOException, SQLException {
        Clock clock = Clock.systemUTC();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Database database = Database.open(dataDir);
            opened.add(database);
            new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, AdminTokens.MIGRATIONS,
                    Portfolio.MIGRATIONS, ConversationService.MIGRATIONS, Flows.MIGRATIONS)
                    .flatMap(List<Migration>::stream).toList());

            KeyRing keys = KeyRing.openOrCreate(dataDir.resolve(KEY_FILE));
            AuditLog audit = new AuditLog(database, clock);
            AdminTokens tokens = new AdminTokens(database, audit, clock);
            AdminTokens.Bootstrap bootstrap = tokens.bootstrap(config.bootstrapToken(), dataDir);

            OnnxRuntimePrivacy.check();
            Embedder embedder = OnnxEmbedder.bundled(Runtime.getRuntime().availableProcessors());
            opened.add(embedder);
            KnowledgeBase knowledge = new KnowledgeBase(embedder);
            Portfolio portfolio = new Portfolio(database, clock);
            DemoProperty.install(portfolio, knowledge);

            ExtractiveAnswerer answerer = new ExtractiveAnswerer(knowledge,
                    new ExtractiveAnswerer.Settings(config.minSimilarity(), config.runnerUpMargin()));
            // Issue 6: emergencies, guided flows, escalations and tickets answer before the knowledge base does.
            Flows flows = Flows.start(config.flows(), dataDir, database, keys, audit, embedder, portfolio, clock);
            opened.add(flows);
            ConversationService conversations = new ConversationService(database, keys, answerer, clock,
                    flows.router());

            WebServer server = WebServer.builder()
                    .host(config.tenantHost())
                    .port(config.tenantPort())
                    // A backstop only: endpoints enforce their own, smaller limits with a JSON 413.
                    .maxPayloadSize(1024L * 1024)
                    .routing(r -> tenantRouting(r, conversations, portfolio, config))
                    .addFeature(ObserveFeature.just(
                            HealthObserver.builder()
                                    .details(true)
                                    .addCheck(() -> databaseHealth(database), HealthCheckType.READINESS, "database")
                                    .build(),
                            MetricsObserver.create()))
                    .putSocket(ADMIN_SOCKET, s -> s.host(config.adminHost()).port(config.adminPort()))
                    .routing(ADMIN_SOCKET, r -> adminRouting(r, tokens, knowledge, flows, audit))
                    .build()
                    .start();
            opened.add(server::stop);

            Optional<Console> console = ServiceLoader.load(Console.class).findFirst();
            int consolePort = -1;
            if (console.isPresent()) {
                opened.add(console.get());
                consolePort = console.get().start(new ConsoleContext(config.consoleHost(), config.consolePort(),
                        tokens, knowledge, conversations, portfolio, audit, config.defaultPropertyId(),
                        flows.tickets(), flows.escalations()));
            }
            return new Porter(database, embedder, server, console.orElse(null), consolePort, bootstrap, flows);
        } catch (IOException | SQLException | RuntimeException | Error e) {
            closeAll(opened); // a half-started appliance must not keep its ports
            throw e;
        } catch (Exception e) {
            closeAll(opened);
            throw new IllegalStateException("Porter failed to start: " + e.getMessage(), e);
        }
    }

    private static void tenantRouting(HttpRouting.Builder routing, ConversationService conversations,
                                      Portfolio portfolio, PorterConfig config) {
        ApiErrors.register(routing);
        // The widget runs on the firm's own site and calls this API from there.
        CorsSupport cors = CorsSupport.builder()
                .addCrossOrigin(CrossOriginConfig.builder()
                        .allowOrigins(config.allowedOrigins().toArray(String[]::new))
                        .allowMethods("GET", "POST", "DELETE")
                        .allowHeaders("Authorization", "Content-Type", "Accept")
                        .maxAgeSeconds(600)
                        .build())
                .build();
        routing.register(new WidgetService())
                .register("/api/v1/conversations", cors, new ChatHttpService(conversations, portfolio,
                        config.defaultPropertyId(), config.maxBodyBytes()));
    }

    private static void adminRouting(HttpRouting.Builder routing, AdminTokens tokens, KnowledgeBase knowledge,
                                     Flows flows, AuditLog audit) {
        ApiErrors.register(routing);
        routing.addFilter(new AdminAuth(tokens))
                .register("/api/admin/v1/kb", new KnowledgeAdminService(knowledge))
                .register("/api/admin/v1/escalations", new EscalationAdminService(flows.escalations()))
                .register("/api/admin/v1/tickets", new TicketAdminService(flows.tickets(), audit));
    }

    private static HealthCheckResponse databaseHealth(Database database) {
        try {
            database.read(c -> c.createStatement().execute("SELECT 1"));
            return HealthCheckResponse.builder().status(true).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().status(false).detail("database", "unreachable").build();
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

    /** Flows, escalations and tickets (issue 6). */
    public Flows flows() {
        return flows;
    }

    /** What first start did about the first admin token. */
    public AdminTokens.Bootstrap bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        if (console != null) {
            parts.add(console);
        }
        parts.add(server::stop);
        parts.add(flows);
        parts.add(embedder);
        parts.add(database);
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
