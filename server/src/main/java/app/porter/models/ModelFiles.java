package app.porter.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The file moves an install and a removal are made of. Models appear and disappear only by renaming whole folders
 * ({@link #move}), which is what lets {@link ModelManager#list()} read without the install lock.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** The model inside an unpacked source: an archive of one folder holds the model in that folder. */
    static Path singleSubfolder(Path staging) throws IOException {
        try (Stream<Path> entries = Files.list(staging)) {
            List<Path> all = entries.toList();
            if (all.size() == 1 && Files.isDirectory(all.getFirst())) {
                return all.getFirst(); // an archive of one folder: the model is inside it
            }
        }
        return staging;
    }

    /** Copies the regular files under {@code source} (links and devices are left out). */
    static void copyFolder(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** One rename where the file system allows it, so a reader sees the folder whole or not at all. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        move(temp, file);
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The name a source suggests: its file name without an archive extension. */
    static String stripExtension(String file) {
        for (String ext : List.of(".tar.gz", ".tgz", ".tar", ".zip")) {
            if (file.toLowerCase(Locale.ROOT).endsWith(ext)) {
                return file.substring(0, file.length() - ext.length());
            }
        }
        return file;
    }
}
