package app.porter.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import app.porter.audit.AuditMarks.SignedMark;
import app.porter.store.FileModes;

/**
 * The audit chain's anchor outside the database: an append-only file beside the key ({@code audit-witness.log} in
 * the data directory) that gets the signed head of every committed append, fsynced. The signed head inside the
 * database cannot show a rollback (an older, genuinely signed head put back after deleting the later entries) nor
 * a wipe (an empty log has nothing to contradict): this file still names the newest entry Porter ever wrote, so
 * {@link AuditVerifier} can say which entries are missing.
 *
 * <p>One line per mark: {@code kind seq hash at keyId base64(signature)}, where kind is {@code head} (an append)
 * or {@code restore} (a backup was restored: a legitimate rollback, after which only later lines count). Lines are
 * signed with the appliance key like the marks in the database, so the file cannot be edited to raise false
 * alarms or to move the anchor without the key. An attacker who holds both files and deletes this one is seen at
 * the next start: the re-created witness is itself an audit entry ({@code audit.witness.started}).
 */
public final class AuditWitness {

    public static final String FILE = "audit-witness.log";

    /** A line read back; {@code kind} is {@code head} or {@code restore}. */
    record Line(String kind, SignedMark mark) {
    }

    private final Path file;

    private AuditWitness(Path file) {
        this.file = file;
    }

    /** The witness of the data directory {@code dataDir}. */
    public static AuditWitness in(Path dataDir) {
        return new AuditWitness(dataDir.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** Appends one signed mark and forces it to disk before returning. */
    synchronized void record(String kind, SignedMark mark) {
        String line = kind + " " + mark.seq() + " " + mark.hash() + " " + mark.at() + " " + mark.keyId() + " "
                + Base64.getEncoder().encodeToString(mark.signature()) + "\n";
        try {
            FileModes.createFile(file); // owner-only from its first byte, like every file of the data directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit witness " + file.getFileName(), e);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit witness " + file.getFileName(), e);
        }
    }

    /**
     * Every line since the last {@code restore} (that one included), or empty when the file does not exist. A
     * line that does not parse is returned as kind {@code damaged}, so the verifier reports it.
     */
    synchronized List<Line> lines() {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit witness " + file.getFileName(), e);
        }
        int from = 0;
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).startsWith("restore ")) {
                from = i;
            }
        }
        return text.subList(from, text.size()).stream().filter(l -> !l.isBlank()).map(AuditWitness::parse).toList();
    }

    private static Line parse(String line) {
        String[] f = line.strip().split(" ");
        try {
            if (f.length == 6 && (f[0].equals("head") || f[0].equals("restore"))) {
                return new Line(f[0], new SignedMark(Long.parseLong(f[1]), f[2], f[3], f[4],
                        Base64.getDecoder().decode(f[5])));
            }
        } catch (IllegalArgumentException e) {
            // falls through: reported as damaged
        }
        return new Line("damaged", new SignedMark(-1, "", "", "", new byte[0]));
    }

    /** The newest head the witness names (the highest seq since the last restore), if any. */
    static Optional<Line> newest(List<Line> lines) {
        Line best = null;
        for (Line line : lines) {
            if (best == null || line.mark().seq() > best.mark().seq()) {
                best = line;
            }
        }
        return Optional.ofNullable(best);
    }
}
