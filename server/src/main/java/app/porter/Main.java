package app.porter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import io.helidon.logging.common.LogConfig;

/**
 * Starts the appliance on its configuration ({@code application.yaml} + {@code PORTER_*} environment variables)
 * and runs until the process is stopped.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // DJL would otherwise probe a cloud metadata address; Porter never leaves the machine.
        System.setProperty("ai.djl.offline", "true");
        LogConfig.configureRuntime();
        Logger log = System.getLogger(Main.class.getName());
        PorterConfig config = PorterConfig.load(System.getenv());
        Porter porter;
        try {
            porter = Porter.start(config);
        } catch (Throwable e) {
            log.log(Level.ERROR, "Porter could not start: " + e, e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(porter::close, "porter-shutdown"));

        StringBuilder banner = new StringBuilder("\nPorter is running.\n")
                .append("  Tenant widget and demo page: http://localhost:").append(porter.tenantPort()).append("/\n")
                .append("  Admin API:                   http://").append(config.adminHost()).append(':')
                .append(porter.adminPort()).append("/api/admin/v1/\n");
        if (porter.consolePort() > 0) {
            banner.append("  Admin console:               http://").append(config.consoleHost()).append(':')
                    .append(porter.consolePort()).append("/\n");
        }
        banner.append("  Data directory:              ").append(config.dataDir().toAbsolutePath().normalize()).append('\n');
        banner.append("  Answers:                     extractive mode (quotes the knowledge base)\n");
        config.modelDir().ifPresent(dir -> banner.append("  PORTER_MODEL_DIR=").append(dir)
                .append(" is noted; this build has no generative engine yet, so it is not loaded\n"));
        porter.bootstrap().token().ifPresent(token -> banner
                .append("  First admin token (also in ").append(porter.bootstrap().writtenTo().orElseThrow())
                .append("):\n    ").append(token).append('\n'));
        log.log(Level.INFO, banner.toString());
    }
}
