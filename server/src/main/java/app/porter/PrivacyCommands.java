package app.porter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import app.porter.audit.AuditLog;
import app.porter.audit.AuditWitness;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.privacy.Backups;
import app.porter.privacy.ErasureReceipt;
import app.porter.store.Database;
import app.porter.store.Migrator;

/**
 * The operator's privacy commands, usable while the appliance runs (SQLite serialises the two processes):
 * {@code backup}, {@code restore}, {@code verify-audit}, {@code verify-receipt}, {@code rotate-kek}. Each is a
 * static method returning an exit code; the picocli subcommands below (registered in {@code Main}) only parse
 * arguments and call one.
 *
 * <pre>
 * porter backup /var/backups/porter-2026-03-01.pbk
 * porter restore /var/backups/porter-2026-03-01.pbk --data-dir /srv/porter/data --key-file /secure/porter.key
 * porter verify-audit
 * porter verify-receipt receipt.json porter-public.pem
 * porter rotate-kek --yes
 * </pre>
 */
public final class PrivacyCommands {

    private PrivacyCommands() {
    }

    /** Writes an encrypted backup of the data directory named by {@code config}. */
    public static int backup(PorterConfig config, Path target, PrintStream out) throws IOException {
        try (Opened opened = Opened.open(config)) {
            Path written = Backups.backup(opened.database, opened.master, opened.dataDir, target,
                    Porter.BACKED_UP_FOLDERS, Clock.systemUTC());
            opened.audit.append("cli", "privacy.backup.written", written.getFileName().toString());
            out.println("backup written: " + written + " (" + Files.size(written) + " bytes); restoring it needs "
                    + (Backups.info(written).keystore().source() == Keystore.Source.PASSPHRASE
                    ? "the passphrase" : "the key file " + Keystore.KEY_FILE + ", kept apart from this backup"));
            return 0;
        }
    }

    /**
     * Restores a backup into an empty data directory (Porter must not be running on it).
     *
     * @param keyFile the key file, for a key-file keystore
     * @param passphraseFile a file holding the passphrase, for a passphrase keystore
     */
    public static int restore(Path backup, Path dataDir, Optional<Path> keyFile, Optional<Path> passphraseFile,
                              PrintStream out) throws IOException {
        char[] passphrase = passphraseFile.isPresent() ? Keystore.readPassphraseFile(passphraseFile.get()) : null;
        try {
            Backups.restore(backup, dataDir, keyFile.orElse(null), passphrase);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        // A restore is a legitimate rollback: the audit log says so, and the witness file beside the key is
        // re-anchored at the restored head, so verify does not report the restored log as rolled back.
        Map<String, String> env = new HashMap<>();
        env.put("PORTER_DATA_DIR", dataDir.toString());
        passphraseFile.ifPresent(file -> env.put("PORTER_PASSPHRASE_FILE", file.toString()));
        Instant taken = Backups.info(backup).createdAt();
        try (Opened opened = Opened.open(PorterConfig.load(env))) {
            opened.audit.restored("cli", backup.getFileName().toString(), "restored the backup taken " + taken
                    + "; entries written after it are no longer in the log, and the audit witness was re-anchored");
        }
        out.println("restored " + backup.getFileName() + " (taken " + taken + ") into " + dataDir);
        return 0;
    }

    /** Verifies the audit log; exit code 0 when intact, 1 (with where it breaks) otherwise. */
    public static int verifyAudit(PorterConfig config, PrintStream out) throws IOException {
        try (Opened opened = Opened.open(config)) {
            AuditLog.Verification result = opened.audit.verify();
            if (result.ok()) {
                out.println("audit log intact: " + result.entries() + " entries verified");
                return 0;
            }
            AuditLog.Break at = result.brokenAt().orElseThrow();
            out.println("audit log BROKEN at entry " + at.seq() + ": " + at.reason() + " (" + result.entries()
                    + " entries verified before it)");
            return 1;
        }
    }

    /** Verifies an erasure receipt with a public key (PEM) alone: exit 0 when valid. Needs no data directory. */
    public static int verifyReceipt(Path receiptFile, Path publicKeyFile, PrintStream out) throws IOException {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(receiptFile)))) {
            json = reader.readObject();
        }
        // Accept the tenant API's whole response as well as the bare receipt.
        JsonObject receipt = json.containsKey("receipt") ? json.getJsonObject("receipt") : json;
        boolean valid = ErasureReceipt.verify(receipt, ApplianceKey.parsePublicKey(Files.readString(publicKeyFile)));
        out.println(valid ? "receipt valid: " + receipt.getString("payload") : "receipt INVALID");
        return valid ? 0 : 1;
    }

    /** Rotates the key-encryption key: every data key rewrapped, no message re-encrypted. */
    public static int rotateKek(PorterConfig config, PrintStream out) throws IOException {
        try (Opened opened = Opened.open(config)) {
            KeyRing.Rotation rotation = opened.keys.rotate(Porter.WRAPPED_KEY_TABLES);
            opened.audit.append("cli", "privacy.kek.rotated", "v" + rotation.toVersion(),
                    "v" + rotation.fromVersion() + " -> v" + rotation.toVersion() + ", " + rotation.rewrapped()
                            + " data keys rewrapped");
            out.println("key-encryption key rotated to version " + rotation.toVersion() + ": "
                    + rotation.rewrapped() + " data keys rewrapped");
            return 0;
        }
    }

    /** Picocli wiring for {@code porter backup|restore|verify-audit|verify-receipt|rotate-kek}. */
    abstract static class OnDataDir implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data directory (default: PORTER_DATA_DIR or ./data).")
        Path dataDir;

        PorterConfig config() {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (dataDir != null) {
                env.put("PORTER_DATA_DIR", dataDir.toString());
            }
            return PorterConfig.load(env);
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Write an encrypted, consistent backup (the key file is never in it).")
    static final class Backup extends OnDataDir {
        @Parameters(index = "0", paramLabel = "FILE") Path target;

        @Override
        public Integer call() throws IOException {
            return backup(config(), target, System.out);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a backup into an empty data directory (Porter must not be running on it).")
    static final class Restore implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path backup;
        @Option(names = "--data-dir", required = true) Path dataDir;
        @Option(names = "--key-file") Path keyFile;
        @Option(names = "--passphrase-file") Path passphraseFile;

        @Override
        public Integer call() throws IOException {
            return restore(backup, dataDir, Optional.ofNullable(keyFile), Optional.ofNullable(passphraseFile),
                    System.out);
        }
    }

    @Command(name = "verify-audit", mixinStandardHelpOptions = true,
            description = "Verify the audit log's hash chain and signatures; exit 1 names where it breaks.")
    static final class VerifyAudit extends OnDataDir {
        @Override
        public Integer call() throws IOException {
            return verifyAudit(config(), System.out);
        }
    }

    @Command(name = "verify-receipt", mixinStandardHelpOptions = true,
            description = "Verify an erasure receipt with the appliance's public key alone.")
    static final class VerifyReceipt implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECEIPT.json") Path receipt;
        @Parameters(index = "1", paramLabel = "PUBLIC_KEY.pem") Path publicKey;

        @Override
        public Integer call() throws IOException {
            return verifyReceipt(receipt, publicKey, System.out);
        }
    }

    @Command(name = "rotate-kek", mixinStandardHelpOptions = true,
            description = "Rotate the key-encryption key: data keys are rewrapped, no message is re-encrypted.")
    static final class RotateKek extends OnDataDir {
        // Like the API's {"confirm": true}: a rotation cannot be undone, so it is never a default.
        @Option(names = "--yes", description = "Confirm the rotation (required).")
        boolean confirmed;

        @Override
        public Integer call() throws IOException {
            if (!confirmed) {
                System.err.println("rotating the key-encryption key cannot be undone: run again with --yes");
                return 2;
            }
            return rotateKek(config(), System.out);
        }
    }

    /** The data directory opened the way the appliance opens it (keystore, database, keys, signed audit log). */
    private static final class Opened implements AutoCloseable {
        final Path dataDir;
        final MasterKey master;
        final Database database;
        final KeyRing keys;
        final AuditLog audit;

        private Opened(Path dataDir, MasterKey master, Database database, KeyRing keys, AuditLog audit) {
            this.dataDir = dataDir;
            this.master = master;
            this.database = database;
            this.keys = keys;
            this.audit = audit;
        }

        static Opened open(PorterConfig config) throws IOException {
            Path dataDir = config.dataDir().toAbsolutePath().normalize();
            if (!Files.exists(dataDir.resolve(Keystore.DATABASE_FILE))) {
                throw new IllegalArgumentException("no Porter database in " + dataDir + " (set PORTER_DATA_DIR)");
            }
            MasterKey master = Keystore.open(dataDir, config.privacy().passphraseFile(), config.privacy().argon2());
            Database database;
            try {
                database = Database.open(dataDir);
            } catch (java.sql.SQLException e) {
                master.close();
                throw new IOException("cannot open the database: " + e.getErrorCode());
            }
            // A data directory the new version has not started on yet gets its new tables first (rotate-kek
            // rewraps keys in tables an upgrade added).
            new Migrator(database).migrate(Porter.MIGRATIONS);
            Clock clock = Clock.systemUTC();
            KeyRing keys = KeyRing.open(database, master, clock);
            AuditLog audit = new AuditLog(database, clock, ApplianceKey.openOrCreate(database, keys, clock),
                    AuditWitness.in(dataDir));
            return new Opened(dataDir, master, database, keys, audit);
        }

        @Override
        public void close() {
            database.close();
            master.close();
        }
    }
}
