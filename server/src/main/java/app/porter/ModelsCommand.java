package app.porter;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import app.porter.audit.AuditLog;
import app.porter.errors.DomainException;
import app.porter.inference.ActiveModel;
import app.porter.inference.GenerationEngine;
import app.porter.inference.ModelRefusedException;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.ModelImporter;
import app.porter.modelimport.WeightFormat;
import app.porter.models.ModelManager;
import app.porter.store.Database;
import app.porter.store.Migrator;

/**
 * {@code porter models}: install, import, list, activate and remove generative models in the data directory
 * ({@code PORTER_DATA_DIR}) from the shell, with the same verification and audit as the admin API. A running
 * appliance loads the active model at its next start; to switch a running one, use the admin API or console.
 *
 * <pre>
 * porter models install /srv/downloads/qwen2.5-0.5b-instruct.tar.gz
 * porter models import /srv/downloads/SmolLM2-135M-Instruct-Q4_0.gguf
 * porter models import /srv/downloads/Qwen2.5-0.5B-Instruct --format int8
 * porter models list
 * porter models activate stories260K
 * porter models remove qwen2.5-0.5b-instruct
 * </pre>
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Install, list, activate and remove generative models (in PORTER_DATA_DIR/models).",
        subcommands = {ModelsCommand.Install.class, ModelsCommand.Import.class, ModelsCommand.ListModels.class, ModelsCommand.Activate.class,
                ModelsCommand.Remove.class})
final class ModelsCommand {

    /** The manager over the configured data directory, audited as the operator at the shell. */
    private static <T> T withManager(ManagerWork<T> work) throws Exception {
        PorterConfig config = PorterConfig.load(System.getenv());
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        try (Database database = Database.open(dataDir);
             ActiveModel scratch = new ActiveModel(GenerationEngine.Settings.unbatched(), 1)) {
            new Migrator(database).migrate(AuditLog.MIGRATIONS);
            AuditLog audit = new AuditLog(database, Clock.systemUTC());
            return work.run(new ModelManager(dataDir.resolve("models"), scratch, audit));
        }
    }

    private interface ManagerWork<T> {
        T run(ModelManager manager) throws Exception;
    }

    private static String operator() {
        return "cli:" + System.getProperty("user.name", "operator");
    }

    private static PrintStream out() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    private static int refused(String what, Exception e) {
        new PrintStream(System.err, true, StandardCharsets.UTF_8).println("porter models " + what + ": " + e.getMessage());
        return 2;
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a model folder or archive (.zip, .tar, .tar.gz), verify its sha256 against its"
                    + " porter-model.json (or record them when it has none), load-test it and make it active.")
    static final class Install implements Callable<Integer> {
        @Parameters(paramLabel = "SOURCE", description = "model folder or archive")
        Path source;

        @Option(names = "--name", description = "install under this name")
        String name;

        @Option(names = "--no-activate", description = "install only; keep the active model")
        boolean noActivate;

        @Override
        public Integer call() throws Exception {
            try {
                ModelManager.Installed installed = withManager(m -> m.install(source.toAbsolutePath(),
                        Optional.ofNullable(name), !noActivate, operator()));
                out().printf(Locale.ROOT, "installed %s (%d MB, %s)%s%n", installed.manifest().name(),
                        installed.manifest().totalBytes() >> 20, installed.verified() ? "sha256 verified"
                                : "no manifest: checksums recorded", installed.active() ? ", now active" : "");
                return 0;
            } catch (ModelRefusedException | DomainException e) {
                return refused("install", e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a GGUF file (" + ModelImporter.GGUF_TYPES + ") or a Hugging Face safetensors folder"
                    + " of the Llama family as a fused ONNX model: verified against Porter's reference of the weights"
                    + " it holds, then installed (manifest, checksums, load test) and made active.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "SOURCE", description = "a .gguf file or a folder with config.json and *.safetensors")
        Path source;

        @Option(names = "--name", description = "install under this name (default: the source's file name)")
        String name;

        @Option(names = "--format", defaultValue = "as-source", paramLabel = "FORMAT",
                description = "how linear weights are stored: as-source (default: keeps q4_0/q8_0 blocks exactly),"
                        + " f32, int8 or int4")
        String format;

        @Option(names = "--no-activate", description = "install only; keep the active model")
        boolean noActivate;

        @Override
        public Integer call() throws Exception {
            WeightFormat weights;
            try {
                weights = WeightFormat.valueOf(format.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                return refused("import", new IllegalArgumentException("--format is one of as-source, f32, int8,"
                        + " int4, not " + format));
            }
            try {
                ModelImporter.Imported imported = withManager(m -> {
                    ModelImporter.Request request = new ModelImporter.Request(source.toAbsolutePath().normalize(),
                            Optional.ofNullable(name), weights, !noActivate);
                    return new ModelImporter(m, Clock.systemUTC()).run(request,
                            (folder, as, activate) -> m.install(folder, Optional.of(as), activate, operator()),
                            new PrintedProgress(new PrintStream(System.err, true, StandardCharsets.UTF_8)));
                });
                out().printf(Locale.ROOT, "imported %s in %d s (%d MB): %s%s%n", imported.installed().manifest().name(),
                        imported.took().toSeconds(), imported.installed().manifest().totalBytes() >> 20,
                        imported.verification().summary(), imported.installed().active() ? "; now active" : "");
                return 0;
            } catch (ModelRefusedException | DomainException e) {
                return refused("import", e);
            }
        }
    }

    /** One line per phase and per tenth of it: enough to see an import move without flooding a terminal. */
    private static final class PrintedProgress implements ImportProgress {
        private final PrintStream err;
        private Phase phase;
        private long tenth = -1;

        PrintedProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void report(Phase now, long done, long total) {
            long t = total <= 0 ? 0 : done * 10 / total;
            if (now != phase || t != tenth) {
                phase = now;
                tenth = t;
                err.printf(Locale.ROOT, "%-6s %d/%d%n", now.name().toLowerCase(Locale.ROOT), done, total);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed models.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return withManager(m -> {
                String active = m.activeName().orElse("");
                for (ModelManager.Installed i : m.list()) {
                    out().printf(Locale.ROOT, "%s %-32s %8d MB  licence %-12s template %-8s %s%n",
                            i.manifest().name().equals(active) ? "*" : " ", i.manifest().name(),
                            i.manifest().totalBytes() >> 20, i.manifest().licence(), i.manifest().templateFamily(),
                            i.manifest().source());
                }
                return 0;
            });
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Verify and load-test an installed model and make it the active one.")
    static final class Activate implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try {
                withManager(m -> {
                    m.activate(name, operator());
                    return null;
                });
                out().println(name + " is the active model (a running Porter switches at its next start, or use"
                        + " the admin API / console now)");
                return 0;
            } catch (ModelRefusedException | DomainException e) {
                return refused("activate", e);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an installed model.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try {
                boolean removed = withManager(m -> m.remove(name, operator()));
                if (!removed) {
                    return refused("remove", new IllegalArgumentException("no installed model named " + name));
                }
                out().println("removed " + name);
                return 0;
            } catch (DomainException e) {
                return refused("remove", e);
            }
        }
    }
}
