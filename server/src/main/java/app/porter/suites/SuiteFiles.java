package app.porter.suites;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import app.porter.errors.InvalidInput;

/**
 * The suites an automatic run rehearses: the shipped one ({@code suites/maple-court.yaml} on the class path) and
 * every {@code <data>/suites/*.yaml}. A file that does not parse is logged by its name and left out: a broken
 * suite file must never fail the change that triggered the run.
 */
public final class SuiteFiles {

    private static final Logger LOG = System.getLogger(SuiteFiles.class.getName());
    /** The suites shipped with Porter, by name (resources {@code /suites/<name>.yaml}). */
    public static final List<String> SHIPPED = List.of("maple-court");

    private SuiteFiles() {
    }

    /** The shipped suites and those in {@code folder} (if it exists), in file-name order. */
    public static List<Suite> load(Path folder) {
        List<Suite> suites = new ArrayList<>();
        for (String name : SHIPPED) {
            try (InputStream in = SuiteFiles.class.getResourceAsStream("/suites/" + name + ".yaml")) {
                if (in != null) {
                    suites.add(Suite.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!Files.isDirectory(folder)) {
            return suites;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "suite folder " + folder + " could not be listed: " + e.getMessage());
            return suites;
        }
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            try {
                suites.add(Suite.parse(Files.readString(file), name));
            } catch (InvalidInput | IOException e) {
                LOG.log(Level.WARNING, "suite file " + file.getFileName() + " left out: " + e.getMessage());
            }
        }
        return suites;
    }
}
