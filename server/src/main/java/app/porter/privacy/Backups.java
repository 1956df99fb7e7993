package app.porter.privacy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import app.porter.crypto.Aead;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.crypto.SecretFiles;
import app.porter.crypto.TamperedDataException;
import app.porter.store.Database;
import app.porter.store.FileModes;

/**
 * {@code porter backup} / {@code porter restore}: an encrypted, consistent snapshot of a data directory.
 *
 * <p>A backup file is {@code PORTERBK1}, a length-prefixed plaintext JSON header (format, time, a copy of the
 * keystore header: source, Argon2id parameters and salt, verifier; no secret), then the payload as a sequence of
 * AES-256-GCM chunks under a key derived from the master key ({@code porter/backup/v1}). Each chunk's associated
 * data is the header's SHA-256, the chunk's index and a last-chunk flag, so chunks cannot be reordered, dropped,
 * mixed between backups, or cut off at the end without the restore noticing.
 *
 * <p>The payload is a ZIP of the database snapshot (SQLite's online backup API, taken under the database lock, so
 * it is consistent), the keystore header, and any extra directories given (e.g. a search index). The key file is
 * deliberately not in it: keep it apart, as the README says; restoring needs it (or the passphrase).
 *
 * <p>Because purges zero freed pages (secure_delete) and hand them back (incremental vacuum), a snapshot taken
 * after a purge holds nothing that was purged.
 */
public final class Backups {

    private static final byte[] MAGIC = "PORTERBK1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 20;
    private static final int MAX_HEADER = 64 * 1024;
    private static final String BACKUP_KEY_LABEL = "porter/backup/v1";
    static final String DB_ENTRY = "porter.db";

    private Backups() {
    }

    /** What a backup holds, from its plaintext header. */
    public record Info(Instant createdAt, Keystore.Header keystore) {
    }

    /**
     * Writes an encrypted snapshot of the running appliance's data directory to {@code target}.
     *
     * @param extraDirs directories inside {@code dataDir} to include as they are (e.g. {@code index})
     */
    public static Path backup(Database database, MasterKey master, Path dataDir, Path target, List<String> extraDirs,
                              Clock clock) throws IOException {
        Keystore.Header keystore = Keystore.readHeader(dataDir.resolve(Keystore.HEADER_FILE));
        // The snapshot goes next to the live database, never to a shared temp folder, and is deleted at once.
        Path snapshot = dataDir.resolve(".backup-" + UUID.randomUUID() + ".db");
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            database.backupTo(snapshot);
            byte[] key = master.derive(BACKUP_KEY_LABEL);
            FileModes.createFile(partial); // 0600: a backup is sealed, but nobody else needs to read it either
            try (OutputStream file = Files.newOutputStream(partial);
                 OutputStream sealed = new SealingStream(file, key, header(keystore, clock.instant()));
                 ZipOutputStream zip = new ZipOutputStream(sealed)) {
                zip.setLevel(1);
                addFile(zip, DB_ENTRY, snapshot);
                addFile(zip, Keystore.HEADER_FILE, dataDir.resolve(Keystore.HEADER_FILE));
                for (String dir : extraDirs) {
                    Path root = dataDir.resolve(dir);
                    if (Files.isDirectory(root)) {
                        List<Path> files;
                        try (var walk = Files.walk(root)) {
                            files = walk.filter(Files::isRegularFile).sorted().toList();
                        }
                        for (Path f : files) {
                            addFile(zip, dataDir.relativize(f).toString().replace('\\', '/'), f);
                        }
                    }
                }
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(snapshot);
            Files.deleteIfExists(partial);
        }
    }

    /** Reads a backup's plaintext header (no key needed). */
    public static Info info(Path backup) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(backup))) {
            return parseHeader(readHeader(in));
        }
    }

    /**
     * Restores {@code backup} into {@code targetDir}, which must not hold a database yet. The master key comes
     * from {@code keyFile} or {@code passphrase} (whichever the backup's keystore names) and is checked against
     * the backup's verifier before anything is written; the key file, when used, is copied into the target. Files
     * are written to a staging folder first and moved in only when every chunk has been authenticated, so a
     * damaged backup leaves the target untouched.
     */
    public static void restore(Path backup, Path targetDir, Path keyFile, char[] passphrase) throws IOException {
        Files.createDirectories(targetDir);
        if (Files.exists(targetDir.resolve(Keystore.DATABASE_FILE))) {
            throw new IllegalArgumentException(targetDir + " already holds a database: restore into an empty"
                    + " data directory (stop Porter and move the old one aside first)");
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(backup))) {
            byte[] headerBytes = readHeader(in);
            Info info = parseHeader(headerBytes);
            Path keyPath = keyFile == null ? targetDir.resolve(Keystore.KEY_FILE) : keyFile;
            try (MasterKey master = info.keystore().unlock(
                    passphrase == null ? java.util.Optional.empty() : java.util.Optional.of(passphrase), keyPath,
                    "the backup " + backup.getFileName())) {
                byte[] key = master.derive(BACKUP_KEY_LABEL);
                Path staging = Files.createTempDirectory(targetDir, ".restore-");
                try {
                    List<Path> written = new ArrayList<>();
                    try (InputStream opened = new OpeningStream(in, key, sha256(headerBytes));
                         ZipInputStream zip = new ZipInputStream(opened)) {
                        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                            Path out = staging.resolve(entry.getName()).normalize();
                            if (!out.startsWith(staging)) {
                                throw new TamperedDataException("backup entry outside the data directory");
                            }
                            Files.createDirectories(out.getParent());
                            Files.copy(zip, out);
                            written.add(out);
                        }
                        // Read to the end, so the last chunk's authentication is checked before moving anything.
                        opened.transferTo(OutputStream.nullOutputStream());
                    }
                    if (!Files.exists(staging.resolve(DB_ENTRY))) {
                        throw new TamperedDataException("the backup holds no database");
                    }
                    for (Path f : written) {
                        Path dest = targetDir.resolve(staging.relativize(f).toString());
                        Files.createDirectories(dest.getParent());
                        Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (keyFile != null && !Files.exists(targetDir.resolve(Keystore.KEY_FILE))
                            && info.keystore().source() == Keystore.Source.KEY_FILE) {
                        SecretFiles.createOwnerOnly(targetDir.resolve(Keystore.KEY_FILE), Files.readAllBytes(keyFile));
                    }
                } finally {
                    Arrays.fill(key, (byte) 0);
                    deleteTree(staging);
                }
            }
        }
    }

    private static byte[] header(Keystore.Header keystore, Instant at) {
        return jakarta.json.Json.createObjectBuilder()
                .add("format", "porter.backup/v1")
                .add("createdAt", at.toString())
                .add("keystore", Keystore.headerJson(keystore))
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Info parseHeader(byte[] header) {
        try (var reader = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(header))) {
            var json = reader.readObject();
            if (!"porter.backup/v1".equals(json.getString("format", ""))) {
                throw new TamperedDataException("not a Porter backup of a known format");
            }
            return new Info(Instant.parse(json.getString("createdAt")),
                    Keystore.parseHeader(json.getString("keystore")));
        }
    }

    private static byte[] readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new TamperedDataException("not a Porter backup (too short)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new TamperedDataException("not a Porter backup");
        }
        int length = in.readInt();
        if (length < 2 || length > MAX_HEADER) {
            throw new TamperedDataException("damaged backup header");
        }
        byte[] header = new byte[length];
        in.readFully(header);
        return header;
    }

    private static void addFile(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] chunkAad(byte[] headerHash, long index, boolean last) {
        return ByteBuffer.allocate(headerHash.length + 9).put(headerHash).putLong(index).put((byte) (last ? 1 : 0))
                .array();
    }

    /** Writes the magic and header, then buffers the payload into sealed chunks: {@code int length, sealed}. */
    private static final class SealingStream extends OutputStream {
        private final DataOutputStream out;
        private final byte[] key;
        private final byte[] headerHash;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK);
        private long index;
        private boolean closed;

        SealingStream(OutputStream out, byte[] key, byte[] header) throws IOException {
            this.out = new DataOutputStream(out);
            this.key = key.clone();
            this.headerHash = sha256(header);
            this.out.write(MAGIC);
            this.out.writeInt(header.length);
            this.out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - buffer.size());
                buffer.write(b, off, n);
                off += n;
                len -= n;
                if (buffer.size() == CHUNK) {
                    flushChunk(false);
                }
            }
        }

        private void flushChunk(boolean last) throws IOException {
            byte[] plain = buffer.toByteArray();
            byte[] sealed = Aead.encrypt(key, plain, chunkAad(headerHash, index++, last));
            out.writeInt(sealed.length);
            out.write(sealed);
            buffer.reset();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            flushChunk(true); // always a last chunk, possibly empty: its flag is what proves the end
            Arrays.fill(key, (byte) 0);
            out.close();
        }
    }

    /** Reads and authenticates chunks; fails on a chunk that does not verify or a stream without its last chunk. */
    private static final class OpeningStream extends InputStream {
        private final DataInputStream in;
        private final byte[] key;
        private final byte[] headerHash;
        private byte[] current = new byte[0];
        private int position;
        private long index;
        private boolean sawLast;

        OpeningStream(DataInputStream in, byte[] key, byte[] headerHash) {
            this.in = in;
            this.key = key;
            this.headerHash = headerHash;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position == current.length) {
                if (sawLast) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        private void nextChunk() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                throw new TamperedDataException("the backup is cut short (its last chunk is missing)");
            }
            if (length < 28 || length > CHUNK + 28) {
                throw new TamperedDataException("damaged backup chunk");
            }
            byte[] sealed = new byte[length];
            in.readFully(sealed);
            long i = index++;
            try {
                current = Aead.decrypt(key, sealed, chunkAad(headerHash, i, false));
            } catch (TamperedDataException notMiddle) {
                current = Aead.decrypt(key, sealed, chunkAad(headerHash, i, true));
                sawLast = true;
                if (in.read() != -1) {
                    throw new TamperedDataException("data after the backup's last chunk");
                }
            }
            position = 0;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
