package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.Unprocessable;
import app.porter.inference.ModelRefusedException;
import app.porter.models.ModelFiles;
import app.porter.models.ModelManager;
import app.porter.models.ModelManifest;

/**
 * {@code porter models import}: a GGUF file or a safetensors folder becomes an installed model. The checkpoint is
 * read ({@link Checkpoints}), written as a fused ONNX graph ({@link FusedDecoderWriter}) into a work folder beside
 * the models, checked against Porter's own reference of the weights it holds ({@link ImportVerifier}), given a
 * manifest with its checksums, and installed through {@link ModelManager} like any model (so it is verified, audited,
 * load-tested and, when asked, switched to). A graph that does not reproduce its checkpoint is never installed.
 */
public final class ModelImporter {

    /**
     * The GGUF tensor types an import reads ({@link GgmlTypes}), as the CLI, the console and refusals name them: one
     * list, so a new type is announced everywhere it is read.
     */
    public static final String GGUF_TYPES = "f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_K, q6_K";

    /**
     * @param source an absolute path: a {@code .gguf} file or a folder with {@code config.json}
     * @param name the model's name; by default the source's file name (and the format when converted)
     * @param activate switch to it once installed
     */
    public record Request(Path source, Optional<String> name, WeightFormat format, boolean activate) {

        public Request {
            if (!source.isAbsolute()) {
                throw new InvalidInput("the source must be an absolute path on the server");
            }
            name.ifPresent(ModelManifest::checkName);
        }

        /** The name the model is installed under. */
        public String modelName() {
            return name.orElseGet(() -> defaultName(source, format));
        }
    }

    /** What the install step does with the finished folder: the admin API installs as a member of staff, the CLI
     * as the operator at the shell. */
    @FunctionalInterface
    public interface Installation {
        ModelManager.Installed install(Path folder, String name, boolean activate) throws ModelRefusedException,
                IOException;
    }

    /** An import that finished: the installed model and what its verification found. */
    public record Imported(ModelManager.Installed installed, VerificationReport verification, DecoderShape shape,
                           Duration took) {
    }

    private final ModelManager models;
    private final Clock clock;

    public ModelImporter(ModelManager models, Clock clock) {
        this.models = models;
        this.clock = clock;
    }

    /**
     * Checks what can be checked before any work starts, so a typo is refused at once and not minutes later. One
     * answer whatever is wrong with the path (missing, unreadable, a folder without config.json), as for installs,
     * so the form cannot be used to map the server's files.
     *
     * @throws InvalidInput when the source is neither a readable file nor a checkpoint folder
     */
    public static void checkSource(Path source) {
        boolean file = Files.isRegularFile(source) && Files.isReadable(source);
        boolean folder = Files.isDirectory(source) && Files.isRegularFile(source.resolve("config.json"));
        if (!file && !folder) {
            throw new InvalidInput("no importable checkpoint at that path: give a .gguf file or a Hugging Face"
                    + " folder (config.json, *.safetensors, tokenizer.json)");
        }
    }

    /**
     * The name, when no installed model has it: refused before minutes of work rather than at the install.
     *
     * @throws Conflict when a model of that name is installed
     */
    public String refuseTaken(String name) throws IOException {
        ModelManifest.checkName(name);
        if (models.list().stream().anyMatch(m -> m.manifest().name().equals(name))) {
            throw new Conflict("a model named " + name + " is installed already; remove it first or import under"
                    + " another name");
        }
        return name;
    }

    public Imported run(Request request, Installation installation, ImportProgress progress) throws IOException {
        checkSource(request.source());
        Instant started = clock.instant();
        String name = refuseTaken(request.modelName());
        Path work = models.newWorkFolder("import");
        try {
            Checkpoint checkpoint = Checkpoints.read(request.source(), progress);
            Path folder = Files.createDirectory(work.resolve(name));
            FusedDecoderWriter.write(checkpoint, request.format(), folder, progress);
            VerificationReport report = ImportVerifier.verify(checkpoint, request.format(), folder, progress);
            if (!report.passed()) {
                throw new Unprocessable("import_unverified", "the imported graph does not reproduce "
                        + request.source().getFileName() + ", so it was not installed: " + report.summary());
            }
            DecoderShape shape = checkpoint.shape();
            ModelManager.Installed installed;
            try {
                models.describeImported(folder, name, description(checkpoint, request.format(), report),
                        request.source().toString(), shape.maxPositions());
                installed = installation.install(folder, name, request.activate());
            } catch (ModelRefusedException e) {
                throw new Unprocessable("model_refused", e.getMessage());
            }
            return new Imported(installed, report, shape, Duration.between(started, clock.instant()));
        } finally {
            ModelFiles.deleteTree(work);
        }
    }

    /** What the models list shows: the source family, its size, and how the weights are stored. */
    static String description(Checkpoint checkpoint, WeightFormat format, VerificationReport report) {
        DecoderShape s = checkpoint.shape();
        return String.format(Locale.ROOT, "Imported %s: %d layers, hidden %d, %d heads (%d key/value), vocabulary %d;"
                        + " weights %s; %s", s.architecture(), s.layers(), s.hidden(), s.heads(), s.kvHeads(),
                s.vocabSize(), format.name().toLowerCase(Locale.ROOT).replace('_', ' '), report.summary());
    }

    /** {@code SmolLM2-135M-Instruct-Q4_0.gguf} as-source becomes {@code SmolLM2-135M-Instruct-Q4_0}; int4 adds
     * {@code -int4}. Characters a model name cannot hold become dashes. */
    static String defaultName(Path source, WeightFormat format) {
        Path file = source.getFileName();
        String base = file == null ? "imported" : file.toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            base = base.substring(0, base.length() - 5);
        }
        if (format != WeightFormat.AS_SOURCE) {
            base = base + "-" + format.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (cleaned.isEmpty()) {
            cleaned = "imported";
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
