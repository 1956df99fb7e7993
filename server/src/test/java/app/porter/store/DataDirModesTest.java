package app.porter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;

/**
 * Issue 13 item 5 on a real appliance: the data directory is 0700 and every file Porter writes in it (the
 * database with its -wal and -shm, the Lucene index, uploaded originals, keys) is 0600, and so is a backup; a
 * start after someone loosened them warns and puts them back.
 */
class DataDirModesTest {

    @TempDir
    Path dir;

    @Test
    void everythingIsOwnerOnlyAndALoosenedFileIsPutBackWithAWarning() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("porter.backup");
        try (TestPorter porter = TestPorter.start(data)) {
            porter.postBytes(porter.admin("/api/admin/v1/kb/documents?filename=pets.md&propertyId=maple-court"),
                    "text/markdown", "# Pets\n\nCats are welcome.\n".getBytes(StandardCharsets.UTF_8));
            // The steady state is checked: a file Lucene is creating at this moment is made owner-only just after.
            assertTrue(porter.porter.knowledge().awaitIdle(Duration.ofSeconds(60)), "the upload was indexed");
            porter.ask(porter.startConversation(), "Can I keep a cat?");
            porter.porter.backup(backup, "test");
            assertOwnerOnly(data);
            assertTrue(Files.exists(data.resolve("porter.db-wal")), "WAL mode: the -wal file is there to check");
            assertTrue(hasIndexFiles(data), "the index has files to check");
            assertTrue(Files.list(data.resolve("knowledge/originals")).findAny().isPresent());
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(backup));
        }

        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("porter.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Path original;
        try (Stream<Path> originals = Files.list(data.resolve("knowledge/originals"))) {
            original = originals.findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(original, PosixFilePermissions.fromString("rw-rw-rw-"));

        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && record.getLoggerName().equals(FileModes.class.getName())) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try (TestPorter porter = TestPorter.start(data)) {
            assertOwnerOnly(data);
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.getFirst();
        assertTrue(warning.contains("3 path(s)") && warning.contains("porter.db (was rw-r--r--)")
                && warning.contains("the data directory (was rwxr-xr-x)") && warning.contains(original.getFileName()
                .toString()), warning);
    }

    private static boolean hasIndexFiles(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("knowledge/index"))) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("segments"));
        }
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                Set<PosixFilePermission> expected = Files.isDirectory(p) ? FileModes.DIRECTORY : FileModes.FILE;
                if (!mode.equals(expected)) {
                    loose.add(data.relativize(p) + " " + PosixFilePermissions.toString(mode));
                }
            }
        }
        assertEquals(List.of(), loose);
    }
}
