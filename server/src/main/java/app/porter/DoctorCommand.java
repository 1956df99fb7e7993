package app.porter;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import app.porter.doctor.Doctor;
import app.porter.doctor.DoctorReport;
import app.porter.doctor.Finding;

/**
 * {@code porter doctor}: checks the installation on Porter's own configuration and prints one line per check
 * (or {@code --json}); exit 0 when nothing failed, 1 when something did. Changes nothing.
 *
 * <pre>
 * porter doctor
 * porter doctor --json --data-dir /var/lib/porter/data
 * </pre>
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check ports, disk space, permissions, keys, model checksums, the index, the audit chain,"
                + " the SMTP relay and that outbound traffic is blocked. Exit 0: nothing failed; 1: something did.")
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Data directory (default: PORTER_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Option(names = "--probe", paramLabel = "IP:PORT",
            description = "A non-local address the sandbox must refuse (default 1.1.1.1:443; nothing is sent).")
    String probe;

    @Override
    public Integer call() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (dataDir != null) {
            env.put("PORTER_DATA_DIR", dataDir.toString());
        }
        List<Finding> findings = examine(env, probe == null ? Doctor.DEFAULT_PROBE : parse(probe));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(json ? DoctorReport.json(findings) + System.lineSeparator() : DoctorReport.plain(findings));
        return Doctor.exitCode(findings);
    }

    /** The checks on the configuration {@code env} describes; a configuration that does not load is a FAIL. */
    static List<Finding> examine(Map<String, String> env, InetSocketAddress outboundProbe) {
        PorterConfig config;
        try {
            config = PorterConfig.load(env);
        } catch (IllegalArgumentException e) {
            return List.of(new Finding("configuration", Finding.Status.FAIL, e.getMessage()));
        }
        List<Path> secrets = new ArrayList<>();
        config.notifications().smtp().flatMap(smtp -> smtp.passwordFile()).ifPresent(secrets::add);
        config.notifications().webhookSecretFile().ifPresent(secrets::add);
        return Doctor.examine(new Doctor.Settings(config.dataDir(), config.privacy().passphraseFile(),
                config.privacy().argon2(), secrets,
                List.of(new Doctor.Port("tenant", config.tenantHost(), config.tenantPort()),
                        new Doctor.Port("admin", config.adminHost(), config.adminPort()),
                        // -1: no console port (the server alone, without the console module)
                        new Doctor.Port("console", config.consoleHost(), Math.max(0, config.consolePort()))),
                config.notifications().smtp().map(smtp -> InetSocketAddress.createUnresolved(smtp.host(),
                        smtp.port())),
                outboundProbe));
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--probe must be IP:PORT, was " + hostPort);
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
