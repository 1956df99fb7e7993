package app.porter.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Where the master key comes from, and the small header file ({@code porter.keystore}, beside the database) that
 * says so. The header holds no secret: the source ({@code key-file} or {@code passphrase}), for a passphrase the
 * Argon2id parameters and salt, and a verifier (an HMAC of a fixed label under the master key) so that a wrong
 * passphrase or a swapped key file is refused at start with a plain message instead of failing later on the
 * first conversation it cannot decrypt.
 *
 * <p>Why a header at all: without it, a missing key file looks exactly like a fresh install, and the skeleton
 * would have generated a new key over a database it then could not read.
 */
public final class Keystore {

    public static final String HEADER_FILE = "porter.keystore";
    public static final String KEY_FILE = "porter.key";
    public static final String DATABASE_FILE = "porter.db";
    /** A passphrase shorter than this is refused when a keystore is created. */
    public static final int MIN_PASSPHRASE_CHARS = 12;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keystore() {
    }

    /** How the master key is kept. */
    public enum Source {
        KEY_FILE("key-file"), PASSPHRASE("passphrase");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Source fromId(String id) {
            for (Source s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new KeystoreException("unknown key source \"" + id + "\" in " + HEADER_FILE);
        }
    }

    /**
     * Argon2id cost. 64 MiB and 3 passes take about 160 ms on the 2-core reference machine: once per start, and
     * about 160 ms per guess for anyone holding a copy of the data directory.
     */
    public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
        public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

        public Argon2Params {
            if (memoryKiB < 8 * 1024 || memoryKiB > 4 * 1024 * 1024 || iterations < 1 || iterations > 100
                    || parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("Argon2id parameters out of range: memory 8 MiB-4 GiB, "
                        + "iterations 1-100, parallelism 1-16");
            }
        }
    }

    /** The header file's content. {@code kdf} and {@code salt} are present for a passphrase only. */
    public record Header(int format, Source source, Optional<Argon2Params> kdf, Optional<byte[]> salt,
                         byte[] verifier, Instant createdAt) {

        JsonObject toJson() {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("format", format)
                    .add("source", source.id())
                    .add("verifier", Base64.getEncoder().encodeToString(verifier))
                    .add("createdAt", createdAt.toString());
            kdf.ifPresent(k -> json.add("kdf", Json.createObjectBuilder()
                    .add("algorithm", "argon2id")
                    .add("version", 19)
                    .add("memoryKiB", k.memoryKiB())
                    .add("iterations", k.iterations())
                    .add("parallelism", k.parallelism())
                    .add("salt", Base64.getEncoder().encodeToString(salt.orElseThrow()))));
            return json.build();
        }

        static Header fromJson(JsonObject json) {
            if (json.getInt("format", 0) != 1) {
                throw new KeystoreException(HEADER_FILE + " has an unknown format; this Porter reads format 1");
            }
            Source source = Source.fromId(json.getString("source", ""));
            Optional<Argon2Params> kdf = Optional.empty();
            Optional<byte[]> salt = Optional.empty();
            if (source == Source.PASSPHRASE) {
                JsonObject k = json.getJsonObject("kdf");
                if (k == null || !"argon2id".equals(k.getString("algorithm", ""))) {
                    throw new KeystoreException(HEADER_FILE + " names a passphrase but no Argon2id parameters");
                }
                kdf = Optional.of(new Argon2Params(k.getInt("memoryKiB"), k.getInt("iterations"),
                        k.getInt("parallelism")));
                salt = Optional.of(Base64.getDecoder().decode(k.getString("salt")));
            }
            return new Header(1, source, kdf, salt, Base64.getDecoder().decode(json.getString("verifier")),
                    Instant.parse(json.getString("createdAt")));
        }

        /** The master key this header describes, from the passphrase (or the key file) the operator gives. */
        public MasterKey unlock(Optional<char[]> passphrase, Path keyFile, String where) throws IOException {
            MasterKey master;
            if (source == Source.PASSPHRASE) {
                char[] secret = passphrase.orElseThrow(() -> new KeystoreException(where
                        + " is locked with a passphrase: set PORTER_PASSPHRASE_FILE to a file that holds it"));
                master = new MasterKey(argon2id(secret, salt.orElseThrow(), kdf.orElseThrow()));
                if (!master.matches(verifier)) {
                    master.close();
                    throw new KeystoreException("wrong passphrase for " + where);
                }
            } else {
                if (passphrase.isPresent()) {
                    throw new KeystoreException(where + " uses the key file " + KEY_FILE
                            + ", not a passphrase: unset PORTER_PASSPHRASE_FILE");
                }
                master = new MasterKey(readKeyFile(keyFile));
                if (!master.matches(verifier)) {
                    master.close();
                    throw new KeystoreException("the key file " + keyFile + " does not belong to " + where
                            + " (its verifier does not match): put back the key file this data was written with");
                }
            }
            return master;
        }
    }

    /**
     * {@link #openOrCreate} with the passphrase read from {@code passphraseFile} when one is configured (and wiped
     * from memory afterwards), else the key file.
     */
    public static MasterKey open(Path dataDir, Optional<Path> passphraseFile, Argon2Params argon2) throws IOException {
        Optional<char[]> passphrase = Optional.empty();
        if (passphraseFile.isPresent()) {
            passphrase = Optional.of(readPassphraseFile(passphraseFile.get()));
        }
        try {
            return openOrCreate(dataDir, passphrase, argon2);
        } finally {
            passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    /**
     * Opens the master key of {@code dataDir}, creating the key (file or passphrase-derived) and the header when
     * the directory is new.
     *
     * @param passphrase the operator's passphrase when one is configured
     * @param argon2 cost for a new passphrase keystore (an existing one keeps its own)
     * @throws KeystoreException with a message for the operator: wrong passphrase, missing or foreign key file
     */
    public static MasterKey openOrCreate(Path dataDir, Optional<char[]> passphrase, Argon2Params argon2)
            throws IOException {
        Path headerFile = dataDir.resolve(HEADER_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        String where = "the data directory " + dataDir;
        if (Files.exists(headerFile)) {
            return readHeader(headerFile).unlock(passphrase, keyFile, where);
        }
        boolean hasData = Files.exists(dataDir.resolve(DATABASE_FILE));
        if (hasData) {
            // A data directory from before the keystore header: it can only have used a key file.
            if (!Files.exists(keyFile)) {
                throw new KeystoreException("the key file " + keyFile + " is missing but " + where
                        + " holds a database: restore the key file from your key backup");
            }
            if (passphrase.isPresent()) {
                throw new KeystoreException(where + " was created with a key file; it cannot be switched to a "
                        + "passphrase at start: unset PORTER_PASSPHRASE_FILE");
            }
            MasterKey master = new MasterKey(readKeyFile(keyFile));
            writeHeader(headerFile, new Header(1, Source.KEY_FILE, Optional.empty(), Optional.empty(),
                    master.verifier(), Instant.now()));
            return master;
        }
        if (passphrase.isPresent()) {
            char[] secret = passphrase.get();
            if (secret.length < MIN_PASSPHRASE_CHARS) {
                throw new KeystoreException("the passphrase must be at least " + MIN_PASSPHRASE_CHARS
                        + " characters");
            }
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            MasterKey master = new MasterKey(argon2id(secret, salt, argon2));
            writeHeader(headerFile, new Header(1, Source.PASSPHRASE, Optional.of(argon2), Optional.of(salt),
                    master.verifier(), Instant.now()));
            return master;
        }
        if (Files.exists(keyFile)) {
            // An operator may place a key file before first start (e.g. restoring onto a new machine).
            MasterKey master = new MasterKey(readKeyFile(keyFile));
            writeHeader(headerFile, new Header(1, Source.KEY_FILE, Optional.empty(), Optional.empty(),
                    master.verifier(), Instant.now()));
            return master;
        }
        byte[] key = Aead.newKey();
        try {
            SecretFiles.createOwnerOnly(keyFile, Base64.getEncoder().encode(key));
            MasterKey master = new MasterKey(key);
            writeHeader(headerFile, new Header(1, Source.KEY_FILE, Optional.empty(), Optional.empty(),
                    master.verifier(), Instant.now()));
            return master;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public static Header readHeader(Path headerFile) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(
                Files.readString(headerFile, StandardCharsets.UTF_8)))) {
            return Header.fromJson(reader.readObject());
        } catch (RuntimeException e) {
            if (e instanceof KeystoreException k) {
                throw k;
            }
            throw new KeystoreException(headerFile + " is damaged: " + e.getClass().getSimpleName());
        }
    }

    /** The header as JSON text (it holds no secret; backups carry a copy so a restore can derive the key). */
    public static String headerJson(Header header) {
        return header.toJson().toString();
    }

    public static Header parseHeader(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return Header.fromJson(reader.readObject());
        }
    }

    static void writeHeader(Path headerFile, Header header) throws IOException {
        SecretFiles.createOwnerOnly(headerFile, (header.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a passphrase file: its first line, without the line break. */
    public static char[] readPassphraseFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new KeystoreException("PORTER_PASSPHRASE_FILE " + file + " cannot be read");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new KeystoreException("PORTER_PASSPHRASE_FILE " + file + " is empty");
        }
        return line.toCharArray();
    }

    static byte[] argon2id(char[] passphrase, byte[] salt, Argon2Params params) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[Aead.KEY_BYTES];
        generator.generateBytes(passphrase, out);
        return out;
    }

    static byte[] readKeyFile(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            throw new KeystoreException("the key file " + keyFile + " is missing: restore it from your key backup "
                    + "(without it no conversation can be read)");
        }
        String text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        byte[] master;
        try {
            master = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeystoreException("the key file " + keyFile + " is not valid base64");
        }
        if (master.length != Aead.KEY_BYTES) {
            throw new KeystoreException("the key file " + keyFile + " must hold a 32-byte key");
        }
        return master;
    }

    /** The master key could not be opened; the message tells the operator what to do. */
    public static final class KeystoreException extends IllegalStateException {
        public KeystoreException(String message) {
            super(message);
        }
    }
}
