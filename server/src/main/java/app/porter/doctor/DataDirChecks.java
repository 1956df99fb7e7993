package app.porter.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import app.porter.audit.AuditLog;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.inference.ModelRefusedException;
import app.porter.inference.OnnxEmbedder;
import app.porter.knowledge.IndexCheck;
import app.porter.models.ModelManager;
import app.porter.models.ModelManifest;
import app.porter.store.Database;

/**
 * The data directory's checks. Each step that the next one needs (the master key, the database) stops the chain
 * with one FAIL rather than a cascade of them.
 */
final class DataDirChecks {

    /** Below this Porter cannot take a backup or rebuild its index: FAIL. */
    static final long CRITICAL_FREE_BYTES = 512L << 20;
    /** Below this an upgrade's automatic backup may not fit: WARN. */
    static final long LOW_FREE_BYTES = 2L << 30;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirChecks() {
    }

    static List<Finding> run(Doctor.Settings settings) {
        List<Finding> findings = new ArrayList<>();
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(dataDir)) {
            findings.add(Finding.fail("data directory", dataDir + " does not exist (set PORTER_DATA_DIR)"));
            return findings;
        }
        findings.add(privateTo("data directory", dataDir, "700"));
        findings.add(diskSpace(dataDir));
        List<Path> secrets = new ArrayList<>(List.of(dataDir.resolve(Keystore.KEY_FILE),
                dataDir.resolve("bootstrap-admin-token")));
        settings.passphraseFile().ifPresent(secrets::add);
        secrets.addAll(settings.secretFiles());
        for (Path secret : secrets) {
            if (Files.exists(secret)) {
                findings.add(privateTo("key file", secret, "600"));
            }
        }
        if (!Files.exists(dataDir.resolve(Keystore.DATABASE_FILE))) {
            findings.add(Finding.fail("keystore", "no " + Keystore.DATABASE_FILE + " in " + dataDir
                    + ": Porter has not started on this data directory yet, or PORTER_DATA_DIR points elsewhere"));
            return findings;
        }
        keysAndAudit(settings, dataDir, findings);
        IndexCheck index = IndexCheck.of(dataDir.resolve("knowledge").resolve("index"), OnnxEmbedder.BUNDLED_MODEL);
        findings.add(switch (index.state()) {
            case HEALTHY -> Finding.ok("knowledge index", index.detail());
            case REBUILT_AT_START -> Finding.warn("knowledge index", index.detail());
            case DAMAGED -> Finding.fail("knowledge index", index.detail());
        });
        findings.add(models(dataDir.resolve("models")));
        return findings;
    }

    /** A file or folder that only its owner may use: anything for group or others is a FAIL. */
    private static Finding privateTo(String check, Path path, String mode) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
            loose.addAll(attributes.permissions());
            loose.retainAll(GROUP_OR_OTHER);
            String found = PosixFilePermissions.toString(attributes.permissions());
            if (!loose.isEmpty()) {
                return Finding.fail(check, path + " is " + found + " (owner " + attributes.owner().getName()
                        + "): others can reach it; chmod " + mode + " " + path);
            }
            return Finding.ok(check, path + " " + found + ", owner " + attributes.owner().getName());
        } catch (UnsupportedOperationException e) {
            return Finding.warn(check, path + ": this file system has no POSIX permissions to check");
        } catch (IOException e) {
            return Finding.fail(check, path + " cannot be read: " + e.getMessage());
        }
    }

    private static Finding diskSpace(Path dataDir) {
        try {
            FileStore store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            String detail = mib(free) + " MiB free of " + mib(store.getTotalSpace()) + " MiB on " + store;
            if (free < CRITICAL_FREE_BYTES) {
                return Finding.fail("disk space", detail + ": too little for a backup or an index rebuild");
            }
            return free < LOW_FREE_BYTES ? Finding.warn("disk space", detail + ": an upgrade's backup may not fit")
                    : Finding.ok("disk space", detail);
        } catch (IOException e) {
            return Finding.fail("disk space", "cannot read the file system of " + dataDir + ": " + e.getMessage());
        }
    }

    /** The master key against the keystore, the KEKs under it, then the audit chain signed by the appliance key. */
    private static void keysAndAudit(Doctor.Settings settings, Path dataDir, List<Finding> findings) {
        MasterKey master;
        try {
            master = Keystore.open(dataDir, settings.passphraseFile(), settings.argon2());
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.fail("keystore", e.getMessage()));
            return;
        }
        try (master; Database database = Database.open(dataDir)) {
            Clock clock = Clock.systemUTC();
            KeyRing keys;
            ApplianceKey signer;
            try {
                keys = KeyRing.open(database, master, clock);
                signer = ApplianceKey.openOrCreate(database, keys, clock);
            } catch (RuntimeException e) {
                findings.add(Finding.fail("keystore", "the master key matches the keystore but cannot open the"
                        + " stored keys (" + e.getClass().getSimpleName() + "): restore porter.db from a backup"));
                return;
            }
            findings.add(Finding.ok("keystore", "the " + (settings.passphraseFile().isPresent() ? "passphrase"
                    : "key file") + " matches the keystore and opens the stored keys"));
            AuditLog.Verification audit = new AuditLog(database, clock, signer).verify();
            findings.add(audit.ok()
                    ? Finding.ok("audit log", audit.entries() + " entries, chain and signatures intact")
                    : Finding.fail("audit log", audit.brokenAt().map(at -> "BROKEN at entry " + at.seq() + ": "
                    + at.reason()).orElse("BROKEN") + " (" + audit.entries() + " entries verified before it)"));
        } catch (IOException | SQLException | RuntimeException e) {
            findings.add(Finding.fail("audit log", "cannot read the database (" + e.getClass().getSimpleName()
                    + ")"));
        }
    }

    /** Every installed model's files against its manifest's sizes and SHA-256. */
    private static Finding models(Path root) {
        if (!Files.isDirectory(root)) {
            return Finding.ok("model files", "no generative model installed (extractive mode)");
        }
        List<String> good = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                if (folder.getFileName().toString().startsWith(".")
                        || !Files.exists(folder.resolve(ModelManifest.FILE_NAME))) {
                    continue; // an install or removal in progress
                }
                try {
                    good.add(ModelManager.verifyInstalled(folder).name());
                } catch (ModelRefusedException e) {
                    return Finding.fail("model files", folder.getFileName() + ": " + e.getMessage()
                            + "; install it again (porter models install)");
                }
            }
        } catch (IOException e) {
            return Finding.fail("model files", "cannot read " + root + ": " + e.getMessage());
        }
        return Finding.ok("model files", good.isEmpty() ? "no generative model installed (extractive mode)"
                : "checksums verified: " + String.join(", ", good));
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
