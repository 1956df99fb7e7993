package app.porter.doctor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.crypto.Keystore;

/**
 * {@code porter doctor}: checks an installation the way an operator would before trusting it, without changing
 * it. The data directory ({@link DataDirChecks}: permissions, disk space, keys, audit chain, index, model files)
 * and the network ({@link NetworkChecks}: ports, the SMTP relay, whether outbound traffic is really blocked).
 * Works on a running appliance and on a stopped one.
 */
public final class Doctor {

    /**
     * What to check.
     *
     * @param dataDir the data directory
     * @param passphraseFile the master-key passphrase's file, for a passphrase install
     * @param argon2 the passphrase's stretching cost
     * @param secretFiles further files that must be readable by Porter's user alone (SMTP password ...)
     * @param ports the sockets Porter listens on
     * @param smtp the firm's relay, when one is configured
     * @param outboundProbe a non-local address that a connection attempt must fail to reach (nothing is sent)
     */
    public record Settings(Path dataDir, Optional<Path> passphraseFile, Keystore.Argon2Params argon2,
                           List<Path> secretFiles, List<Port> ports, Optional<InetSocketAddress> smtp,
                           InetSocketAddress outboundProbe) {
        public Settings {
            secretFiles = List.copyOf(secretFiles);
            ports = List.copyOf(ports);
        }
    }

    /** A socket Porter listens on: {@code tenant} serves {@code /observe/health}. */
    public record Port(String name, String host, int port) {
    }

    /** The default outbound probe: a public address that the systemd unit's IPAddressDeny=any must refuse. */
    public static final InetSocketAddress DEFAULT_PROBE = InetSocketAddress.createUnresolved("1.1.1.1", 443);

    private Doctor() {
    }

    /** Runs every check; never throws for what it finds. */
    public static List<Finding> examine(Settings settings) {
        List<Finding> findings = new ArrayList<>(DataDirChecks.run(settings));
        findings.addAll(NetworkChecks.run(settings));
        return findings;
    }

    /** 0 when nothing failed (warnings allowed), 1 when something did: for scripts and monitoring. */
    public static int exitCode(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.status() == Finding.Status.FAIL) ? 1 : 0;
    }
}
