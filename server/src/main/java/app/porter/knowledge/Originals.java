package app.porter.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import app.porter.store.FileModes;

/**
 * The original bytes of uploaded documents, under {@code <data>/knowledge/originals/<sha256>}: content-addressed,
 * so the same file uploaded to two units is stored once. Kept so that documents can be re-indexed (a new
 * embedding model, a better parser) without asking the firm for its files again. Written owner-only.
 */
final class Originals {

    private final Path folder;

    Originals(Path folder) {
        this.folder = folder;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores {@code bytes} under their hash (once); returns the hash. */
    String save(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = folder.resolve(sha);
        if (Files.exists(target)) {
            return sha;
        }
        try {
            FileModes.createDirectories(folder);
            Path partial = Files.createTempFile(folder, sha, ".partial");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            }
            try {
                Files.write(partial, bytes);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial); // a failed write leaves no copy of the upload behind
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the uploaded document", e);
        }
    }

    Optional<byte[]> read(String sha) {
        Path file = folder.resolve(sha);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String sha) {
        try {
            Files.deleteIfExists(folder.resolve(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
