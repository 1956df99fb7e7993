package app.porter.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Owner-only modes for everything under the data directory: the directory tree 0700, every file 0600.
 *
 * <p>WHY both a sweep and create-time modes: the JVM has no umask call, so files that libraries create (SQLite's
 * database, Lucene's segments, a model's files) get the process umask, typically 0644. The data directory at 0700
 * already keeps other local users out of everything in it; files are then made 0600 where Porter creates them
 * ({@link #createFile}, {@link #restrict}) and the start-up {@link #secure sweep} puts back anything loosened since
 * (by hand, by a restore, by a library), warning about each without refusing to start. SQLite creates its
 * {@code -wal} and {@code -shm} files with the database file's mode, so a 0600 {@code porter.db} is enough for them.
 * On a file system without POSIX modes all of this does nothing.
 */
public final class FileModes {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = System.getLogger(FileModes.class.getName());
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int NAMED_IN_WARNING = 10;

    private FileModes() {
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code dir} and its missing parents, each 0700; what exists already is left to {@link #secure}. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        Files.createDirectories(absolute);
        for (Path created : missing) {
            restrict(created);
        }
        return dir;
    }

    /** Creates an empty file 0600 unless it exists (an existing file is left to {@link #secure}). */
    public static void createFile(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else {
            Files.createFile(file);
        }
    }

    /** Makes {@code path} 0600 (a file) or 0700 (a directory); links are left alone. */
    public static void restrict(Path path) throws IOException {
        if (!posix() || Files.isSymbolicLink(path)) {
            return;
        }
        Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
    }

    /** What a {@link #secure} sweep found: paths (relative to the data directory) it tightened, and could not. */
    public record Sweep(List<String> tightened, List<String> untouched) {
    }

    /**
     * Makes {@code dataDir} 0700 and everything in it owner-only, and warns (once, naming up to ten paths) about
     * whatever was looser. Links are neither followed nor changed (they may point anywhere), and a path Porter may
     * not change (another owner) is reported, not fatal: the start goes on.
     */
    public static Sweep secure(Path dataDir) throws IOException {
        List<String> tightened = new ArrayList<>();
        List<String> untouched = new ArrayList<>();
        if (!posix()) {
            return new Sweep(tightened, untouched);
        }
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                check(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink()) {
                    untouched.add(name(file) + " (a link)");
                } else if (attrs.isRegularFile()) {
                    check(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                untouched.add(name(file) + " (unreadable)");
                return FileVisitResult.CONTINUE;
            }

            private void check(Path path, BasicFileAttributes attrs) {
                try {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                    if (mode.stream().anyMatch(OTHERS::contains)) {
                        Files.setPosixFilePermissions(path, attrs.isDirectory() ? DIRECTORY : FILE);
                        tightened.add(name(path) + " (was " + PosixFilePermissions.toString(mode) + ")");
                    }
                } catch (IOException | SecurityException e) {
                    untouched.add(name(path) + " (" + e.getClass().getSimpleName() + ")");
                }
            }

            private String name(Path path) {
                String relative = dataDir.relativize(path).toString();
                return relative.isEmpty() ? "the data directory" : relative;
            }
        });
        if (!tightened.isEmpty()) {
            LOG.log(Level.WARNING, tightened.size() + " path(s) in the data directory " + dataDir
                    + " were readable by other local users and are owner-only again: "
                    + String.join(", ", tightened.subList(0, Math.min(NAMED_IN_WARNING, tightened.size())))
                    + (tightened.size() > NAMED_IN_WARNING ? " ..." : ""));
        }
        if (!untouched.isEmpty()) {
            LOG.log(Level.WARNING, untouched.size() + " path(s) in the data directory " + dataDir
                    + " could not be checked or made owner-only: "
                    + String.join(", ", untouched.subList(0, Math.min(NAMED_IN_WARNING, untouched.size()))));
        }
        return new Sweep(List.copyOf(tightened), List.copyOf(untouched));
    }
}
