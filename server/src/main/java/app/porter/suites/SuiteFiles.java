package app.porter.suites;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.store.FileModes;

/**
 * The firm's suite files, {@code <data dir>/suites/*.yaml}: the console lists and runs them; the CLI also takes
 * any path. The folder is created on first start holding a copy of the shipped suite, so a fresh install has one
 * to run and to copy from; a folder the firm emptied stays empty.
 */
public final class SuiteFiles {

    private static final Logger LOG = System.getLogger(SuiteFiles.class.getName());
    public static final String FOLDER = "suites";
    /** The suites shipped inside the jar, by name ({@code /suites/<name>.yaml}). */
    public static final List<String> SHIPPED = List.of("maple-court");

    /** A suite file: its name (the file name without {@code .yaml}) and where it is. */
    public record Entry(String name, Path path) {
    }

    private final Path folder;

    private SuiteFiles(Path folder) {
        this.folder = folder;
    }

    /** The suites folder of {@code dataDir}, created with the shipped suites when it does not exist yet. */
    public static SuiteFiles in(Path dataDir) {
        Path folder = dataDir.resolve(FOLDER);
        try {
            if (!Files.isDirectory(folder)) {
                FileModes.createDirectories(folder);
                for (String name : SHIPPED) {
                    Path copy = folder.resolve(name + ".yaml");
                    FileModes.createFile(copy); // owner-only, like everything in the data directory
                    Files.writeString(copy, shipped(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SuiteFiles(folder);
    }

    /** The text of a suite shipped inside the jar. */
    public static String shipped(String name) {
        try (InputStream in = SuiteFiles.class.getResourceAsStream("/suites/" + name + ".yaml")) {
            if (in == null) {
                throw new NotFound("no shipped suite " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The {@code .yaml} files in the folder, by name. */
    public List<Entry> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Entry> found = new ArrayList<>();
            files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".+\\.ya?ml"))
                    .forEach(p -> found.add(new Entry(p.getFileName().toString().replaceFirst("\\.ya?ml$", ""), p)));
            found.sort(Comparator.comparing(Entry::name));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file named {@code name}, if the folder holds one. */
    public Optional<Entry> file(String name) {
        return list().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Every suite in the folder, parsed, for the automatic runs: a file that does not parse is logged by its name
     * and left out, since a broken suite file must never fail the change that triggered the run.
     */
    public List<Suite> loadAll() {
        List<Suite> suites = new ArrayList<>();
        for (Entry file : list()) {
            try {
                suites.add(read(file));
            } catch (InvalidInput e) {
                LOG.log(Level.WARNING, "suite file " + file.path().getFileName() + " left out: " + e.getMessage());
            }
        }
        return suites;
    }

    /** Reads and parses {@code file}; a broken file is {@link InvalidInput} with the reason. */
    public Suite read(Entry file) {
        try {
            return Suite.parse(Files.readString(file.path()), file.name());
        } catch (IOException e) {
            throw new InvalidInput(file.path().getFileName() + " cannot be read: " + e.getMessage());
        }
    }
}
