package app.porter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;

import io.helidon.logging.common.LogConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import app.porter.crypto.Keystore;
import app.porter.inference.GenerateCommand;

/**
 * The {@code porter} command. With no subcommand (or {@code run}) it starts the appliance on its configuration
 * ({@code application.yaml} + {@code PORTER_*} environment variables) and runs until the process is stopped;
 * {@code generate} tries a model folder from the shell.
 */
@Command(name = "porter", mixinStandardHelpOptions = true, version = "Porter 0.1",
        description = "A private tenant assistant. Without a subcommand: start the appliance.",
        subcommands = {Main.Run.class, GenerateCommand.class, ModelsCommand.class, PrivacyCommands.Backup.class,
                PrivacyCommands.Restore.class, PrivacyCommands.VerifyAudit.class, PrivacyCommands.VerifyReceipt.class,
                PrivacyCommands.RotateKek.class, DatasetCommand.class, SuiteCommand.class, DoctorCommand.class,
                UnitSettingsCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        // DJL would otherwise probe a cloud metadata address; Porter never leaves the machine.
        System.setProperty("ai.djl.offline", "true");
        // Named, jakarta.json makes its provider directly; unnamed, every Json.createObjectBuilder() scans the class
        // path through the service loader again: measured 110 us a builder against 6 us, and the chat stream builds
        // one per token.
        if (System.getProperty("jakarta.json.provider") == null) {
            System.setProperty("jakarta.json.provider", "org.eclipse.parsson.JsonProviderImpl");
        }
        LogConfig.configureRuntime();
        int exit = new CommandLine(new Main()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
        // exit 0: the appliance keeps running on its non-daemon threads; a finished subcommand ends here
    }

    /** {@code porter} alone: the same as {@code porter run}. */
    @Override
    public Integer call() {
        return Run.startAppliance();
    }

    /** Starts the appliance. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start the appliance (the default when no subcommand is given).")
    static final class Run implements Callable<Integer> {

        @Override
        public Integer call() {
            return startAppliance();
        }

        static int startAppliance() {
            Logger log = System.getLogger(Main.class.getName());
            PorterConfig config;
            Porter porter;
            try {
                config = PorterConfig.load(System.getenv());
                porter = Porter.start(config);
            } catch (Keystore.KeystoreException | IllegalArgumentException e) {
                // Written for the operator (wrong passphrase, missing key file, a bad setting): no stack trace.
                log.log(Level.ERROR, "Porter could not start: " + e.getMessage());
                return 1;
            } catch (Throwable e) {
                log.log(Level.ERROR, "Porter could not start: " + e, e);
                return 1;
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
            banner.append("  Data directory:              ").append(config.dataDir().toAbsolutePath().normalize())
                    .append('\n');
            banner.append("  Answers:                     ").append(porter.answerModeDescription()).append('\n');
            porter.bootstrap().token().ifPresent(token -> banner
                    .append("  First admin token (also in ").append(porter.bootstrap().writtenTo().orElseThrow())
                    .append("):\n    ").append(token).append('\n'));
            log.log(Level.INFO, banner.toString());
            return 0;
        }
    }
}
