package app.porter.console.vaadin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.vaadin.flow.server.InitParameters;
import com.vaadin.flow.server.VaadinServlet;

import app.porter.console.Console;
import app.porter.console.ConsoleContext;

/**
 * The admin console: Vaadin Flow in production mode (the pre-built frontend bundle, nothing fetched, no usage
 * statistics) on an embedded Jetty 12 ee11 web application. The server finds it with {@link java.util.ServiceLoader}.
 *
 * <p>Vaadin's servlet container initializers find the routes by scanning the class path, so the web application
 * scans the container class path, restricted to this module and Vaadin's own jars: scanning every jar (Helidon,
 * ONNX Runtime, ...) would only slow the start down.
 */
public final class VaadinConsole implements Console {

    /** A signed-in console session ends after this long without a user action. */
    static final int SESSION_TIMEOUT_SECONDS = 30 * 60;

    private Server server;
    private Path webRoot;

    @Override
    public synchronized int start(ConsoleContext context) throws Exception {
        Objects.requireNonNull(context, "context");
        if (server != null) {
            throw new IllegalStateException("the console is already running");
        }
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("porter-console");
        Server jetty = new Server(threads);
        jetty.setStopTimeout(2_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(context.host());
        connector.setPort(context.port());
        jetty.addConnector(connector);

        // The console serves nothing from disk; Jetty still wants a base resource, so it gets an empty folder.
        Path root = Files.createTempDirectory("porter-console-");
        try {
            jetty.setHandler(webApp(context, root));
            jetty.start();
        } catch (Exception | Error e) {
            stopQuietly(jetty);
            deleteTree(root);
            throw e;
        }
        this.server = jetty;
        this.webRoot = root;
        return connector.getLocalPort();
    }

    private static WebAppContext webApp(ConsoleContext context, Path root) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(root);
        webapp.setConfigurationDiscovered(true);
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, scannedJars());
        webapp.getServletContext().setAttribute(ConsoleServices.ATTRIBUTE, context.services());
        webapp.getSessionHandler().setMaxInactiveInterval(SESSION_TIMEOUT_SECONDS);
        webapp.getSessionHandler().setHttpOnly(true);
        webapp.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);

        // Production mode: the pre-built bundle in this jar, no dev server, nothing fetched, no usage statistics.
        webapp.setInitParameter(InitParameters.SERVLET_PARAMETER_PRODUCTION_MODE, "true");
        ServletHolder vaadin = new ServletHolder("vaadin", VaadinServlet.class);
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_PRODUCTION_MODE, "true");
        // Without this, Vaadin's heartbeat keeps an open tab's session alive for ever; with it, the session ends
        // after SESSION_TIMEOUT_SECONDS without a user action (an idle timeout, not a heartbeat timeout).
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_CLOSE_IDLE_SESSIONS, "true");
        vaadin.setAsyncSupported(true);
        webapp.addServlet(vaadin, "/*");
        return webapp;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        stopQuietly(server);
        server = null;
        deleteTree(webRoot);
        webRoot = null;
    }

    /**
     * The container class path entries Jetty scans for Vaadin's initializers and this console's routes: the
     * entry holding this class (a jar, or {@code target/classes} in a build) and Vaadin's jars.
     */
    static String scannedJars() {
        StringBuilder pattern = new StringBuilder(".*/(flow|vaadin)-[^/]*\\.jar$");
        CodeSource source = VaadinConsole.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                String own = Path.of(source.getLocation().toURI()).toString();
                pattern.append("|.*").append(Pattern.quote(own)).append("/?$");
            } catch (URISyntaxException | IllegalArgumentException e) {
                pattern.append("|.*/porter-admin-ui[^/]*\\.jar$");
            }
        }
        return pattern.toString();
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.getLogger(VaadinConsole.class.getName())
                    .log(System.Logger.Level.WARNING, "console did not stop cleanly: " + e.getClass().getSimpleName());
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
