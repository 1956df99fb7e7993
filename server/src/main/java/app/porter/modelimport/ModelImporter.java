package app.porter.modelimport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import app.porter.errors.InvalidInput;
import app.porter.errors.Unprocessable;
import app.porter.inference.ModelRefusedException;
import app.porter.models.ModelFiles;
import app.porter.models.ModelManager;
import app.porter.models.ModelManifest;

/**
 * {@code porter models import}: a GGUF file or a safetensors folder becomes an installed model. The checkpoint is
 * read ({@link Checkpoints}), written as a fused ONNX graph ({@link FusedDecoderWriter}) into a work folder beside
 * the models, checked against Porter's own fp32 reference of the same weights ({@link ImportVerifier}), given a
 * manifest with its checksums, and installed through {@link ModelManager} like any model (so it is verified, audited,
 * load-tested and, when asked, switched to). A graph that does not reproduce its checkpoint is never installed.
 */
public final class ModelImporter {

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
     * Checks what can be checked before any work starts, so a typo is refused at once and not minutes later.
     *
     * @throws InvalidInput when the source is missing or neither a GGUF file nor a checkpoint folder
     */
    public static void checkSource(Path source) {
        if (Files.isRegularFile(source)) {
            return; // the reader tells a GGUF file by its magic, and says clearly when it is not one
        }
        if (Files.isDirectory(source)) {
            if (!Files.isRegularFile(source.resolve("config.json"))) {
                throw new InvalidInput(source + " is a folder without config.json: give a GGUF file or a Hugging Face"
                        + " checkpoint folder (config.json, *.safetensors, tokenizer.json)");
            }
            return;
        }
        throw new InvalidInput("there is no file or folder " + source + " on the server");
    }

    public Imported run(Request request, Installation installation, ImportProgress progress) throws IOException {
        checkSource(request.source());
        Instant started = clock.instant();
        String name = ModelManifest.checkName(request.modelName());
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
