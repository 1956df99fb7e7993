package app.porter.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold secrets (the master key, the first admin token): created owner-only (0600) from the start. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Creates {@code file} with mode 0600 and writes {@code content}; fails if it already exists, so a secret is
     * never silently replaced.
     */
    public static void createOwnerOnly(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the best this OS offers
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    }
}
