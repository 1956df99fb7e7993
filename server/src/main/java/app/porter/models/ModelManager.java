package app.porter.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.inference.ActiveModel;
import app.porter.inference.ModelRefusedException;
import app.porter.store.FileModes;

/**
 * The models installed on this appliance, under {@code <data>/models/<name>/} each with its
 * {@link ModelManifest}, and which one is active ({@code <data>/models/active}, one line).
 *
 * <p>An install copies (or unpacks) the source into a staging folder, verifies every file against the manifest's
 * SHA-256 (or, when the source has no manifest, records the checksums it found), moves the folder into place with
 * one rename and, when asked, switches to it: the new model is loaded and checked beside the serving one and only
 * then swapped in. Anything refused leaves the appliance as it was.
 *
 * <p>This class holds the lifecycle and its rules (who may act, what is audited, what a refusal undoes);
 * {@link ModelChecksums} checks and records the files, {@link ModelFiles} moves them and {@link Archives} unpacks.
 */
public final class ModelManager {

    private static final Logger LOG = System.getLogger(ModelManager.class.getName());
    /** The error code of a model Porter will not run (the reason says why). */
    private static final String REFUSED = "model_refused";
    private static final String ACTIVE = "active";
    /** The one answer for a source that cannot be read as a model, whatever the reason ({@link #copyIn}). */
    static final String NO_MODEL_THERE = "no installable model at that path: give a readable folder, or a .zip, .tar"
            + " or .tar.gz archive, that holds a model";

    /** An installed model. */
    public record Installed(ModelManifest manifest, Path folder, boolean active, boolean verified) {
    }

    private final Path root;
    private final ActiveModel models;
    private final AuditLog audit;
    private final ModelChecksums checksums;
    private volatile ActivationCheck check;

    public ModelManager(Path root, ActiveModel models, AuditLog audit) throws IOException {
        this.root = root;
        this.models = models;
        this.audit = audit;
        this.checksums = new ModelChecksums(models::progress);
        FileModes.createDirectories(root);
    }

    public ActiveModel activeModel() {
        return models;
    }

    /** The name in {@code <data>/models/active}, if any. */
    public Optional<String> activeName() {
        try {
            Path pointer = root.resolve(ACTIVE);
            return Files.isRegularFile(pointer) ? Optional.of(Files.readString(pointer).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Loads the model for a start: {@code modelDir} (PORTER_MODEL_DIR) when set, else the active installed model (if
     * any). A refused model is logged and Porter answers extractively: a bad model must not take the appliance
     * down.
     *
     * @return a note for the start-up banner when a model was refused; empty otherwise
     */
    public String loadAtStart(Optional<Path> modelDir) {
        if (modelDir.isEmpty()) {
            return loadActiveAtStart().orElse("");
        }
        Path dir = modelDir.get().toAbsolutePath().normalize();
        try {
            models.load(dir.getFileName().toString(), dir);
            return "";
        } catch (ModelRefusedException e) {
            String note = "PORTER_MODEL_DIR=" + dir + " was refused: " + e.getMessage();
            LOG.log(Level.WARNING, note + "; answering in extractive mode");
            return note;
        }
    }

    /** Loads the active installed model at start; a refusal is logged and Porter answers extractively. */
    public Optional<String> loadActiveAtStart() {
        Optional<String> name = activeName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            models.load(name.get(), root.resolve(name.get()));
            return Optional.empty();
        } catch (ModelRefusedException e) {
            String note = "the installed model " + name.get() + " was refused: " + e.getMessage();
            LOG.log(Level.WARNING, note + "; answering in extractive mode");
            return Optional.of(note);
        }
    }

    /**
     * Not synchronized: an install holds the lock for minutes (copy, checksums, load) and the console polls this
     * meanwhile. Unlocked reads are safe because models appear and disappear only by folder renames.
     */
    public List<Installed> list() throws IOException {
        List<Installed> installed = new ArrayList<>();
        String active = models.current().map(ActiveModel.Loaded::name).orElse(null);
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path manifest = folder.resolve(ModelManifest.FILE_NAME);
                if (!folder.getFileName().toString().startsWith(".") && Files.isRegularFile(manifest)) {
                    ModelManifest m;
                    try {
                        m = ModelManifest.read(manifest);
                    } catch (NoSuchFileException e) {
                        continue; // removed while we listed
                    }
                    installed.add(new Installed(m, folder, m.name().equals(active),
                            Files.exists(folder.resolve(".verified"))));
                }
            }
        }
        return installed;
    }

    // Staff actions (admin API, console): the role is checked here and a refusal is a domain exception with the
    // reason. The operator's command line uses the methods below directly, with its own name as the actor.

    /** {@link #install(Path, Optional, boolean, String)} for a member of staff: needs the admin role. */
    public synchronized Installed install(Actor actor, Path source, Optional<String> name, boolean activate) {
        actor.require("installing models", Role.ADMIN);
        try {
            if (activate && check != null) {
                // Installed first, then activated through the suites' gate like any staff activation.
                Installed installed = install(source, name, false, actor.who());
                try {
                    activate(actor, installed.manifest().name(), null);
                } catch (InvalidInput e) {
                    remove(installed.manifest().name(), actor.who()); // a model that cannot run is not kept
                    throw e;
                }
                return new Installed(installed.manifest(), installed.folder(), true, installed.verified());
            }
            return install(source, name, activate, actor.who());
        } catch (ModelRefusedException e) {
            throw new InvalidInput(REFUSED, e.getMessage());
        } catch (IOException e) {
            throw new InvalidInput(REFUSED, "the model could not be read: " + e.getMessage());
        }
    }

    /**
     * A fresh hidden folder beside the installed models, for work that ends in an install (an import): on the same
     * disk as the models, never in /tmp, and skipped by {@link #list()}. The caller deletes it.
     */
    public Path newWorkFolder(String purpose) throws IOException {
        Files.createDirectories(root);
        return Files.createDirectory(root.resolve("." + purpose + "-" + UUID.randomUUID()));
    }

    /**
     * Writes the manifest of a folder Porter made itself from an imported checkpoint: its files' checksums as written
     * and where the weights came from. The install that follows verifies it like any published model's.
     */
    public void describeImported(Path folder, String name, String description, String source, int contextLength)
            throws ModelRefusedException, IOException {
        ModelManifest found = checksums.describe(folder, name, source);
        new ModelManifest(found.name(), description, "as the source's", source, contextLength, found.templateFamily(),
                found.files()).write(folder.resolve(ModelManifest.FILE_NAME));
    }

    /** Gates staff activations on the acceptance suites ({@link #activate(Actor, String, String)}). */
    public void gateActivations(ActivationCheck check) {
        this.check = check;
    }

    /** {@link #activate(Actor, String, String)} without an override. */
    public void activate(Actor actor, String name) {
        activate(actor, name, null);
    }

    /**
     * {@link #activate(String, String)} for a member of staff: needs the admin role. When activations are gated,
     * the candidate first rehearses the acceptance suites beside the active model; a lower pass rate refuses it
     * unless {@code overrideReason} is given (audited as {@code model.activation.override}).
     *
     * @param overrideReason why an admin activates it anyway; null for no override
     * @throws Conflict with both pass rates when the candidate does worse and there is no override
     */
    public synchronized void activate(Actor actor, String name, String overrideReason) {
        actor.require("switching models", Role.ADMIN);
        try {
            ActivationCheck gate = check;
            if (gate != null) {
                Path folder = root.resolve(ModelManifest.checkName(name));
                if (!Files.isRegularFile(folder.resolve(ModelManifest.FILE_NAME))) {
                    throw new NotFound("no installed model named " + name);
                }
                ActivationGate.admit(gate, name, folder, actor, overrideReason, audit);
            }
            activate(name, actor.who());
        } catch (ModelRefusedException e) {
            throw new InvalidInput(REFUSED, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #remove(String, String)} for a member of staff: needs the admin role.
     *
     * @throws NotFound when no model of that name is installed
     */
    public synchronized void remove(Actor actor, String name) {
        actor.require("removing models", Role.ADMIN);
        try {
            if (!remove(name, actor.who())) {
                throw new NotFound("no installed model named " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #list()} for a member of staff: needs the admin or auditor role. */
    public List<Installed> list(Actor actor) {
        actor.require("reading the models", Role.ADMIN, Role.AUDITOR);
        try {
            return list();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs a model from a folder or an archive ({@code .zip}, {@code .tar}, {@code .tar.gz}).
     *
     * @param name the name to install under; defaults to the manifest's name, else the source's file name
     * @param activate switch to it once installed
     * @throws ModelRefusedException with the reason, when the source is not an installable model; nothing changes
     * @throws Conflict when a model of that name is installed already
     */
    public synchronized Installed install(Path source, Optional<String> name, boolean activate, String actor)
            throws ModelRefusedException, IOException {
        Path fileName = source.getFileName();
        String label = name.orElse(fileName == null ? "model" : ModelFiles.stripExtension(fileName.toString()));
        Path staging = root.resolve(".staging-" + UUID.randomUUID());
        try {
            models.progress(label, "copying the model files", 0);
            Path model = copyIn(source, staging);
            Path manifestFile = model.resolve(ModelManifest.FILE_NAME);
            boolean verified;
            ModelManifest manifest;
            if (Files.isRegularFile(manifestFile)) {
                try {
                    manifest = ModelManifest.read(manifestFile);
                } catch (IOException e) {
                    throw new ModelRefusedException(e.getMessage());
                }
                checksums.verify(manifest, model);
                verified = true;
            } else {
                manifest = checksums.describe(model, label, source.toString());
                manifest.write(manifestFile);
                verified = false;
            }
            String finalName = ModelManifest.checkName(name.orElse(manifest.name()));
            if (!finalName.equals(manifest.name())) {
                manifest = new ModelManifest(finalName, manifest.description(), manifest.licence(), manifest.source(),
                        manifest.contextLength(), manifest.templateFamily(), manifest.files());
                manifest.write(manifestFile);
            }
            if (verified) {
                Files.writeString(model.resolve(".verified"), "sha256 verified at install\n");
            }
            Path target = root.resolve(finalName);
            if (Files.exists(target)) {
                throw new Conflict("a model named " + finalName + " is installed already; remove it"
                        + " first or install under another name");
            }
            ModelFiles.move(model, target);
            audit.append(actor, "model.install", finalName + (verified ? " (sha256 verified)" : " (checksums recorded)"));
            if (activate) {
                try {
                    activate(finalName, actor);
                } catch (ModelRefusedException e) {
                    ModelFiles.deleteTree(target); // a model that cannot run is not left installed
                    throw e;
                }
            }
            return new Installed(manifest, target, activate, verified);
        } catch (IllegalArgumentException | InvalidInput e) {
            failed(label, e.getMessage(), actor);
            throw new ModelRefusedException(e.getMessage());
        } catch (ModelRefusedException | IOException | RuntimeException e) {
            failed(label, e.getMessage(), actor);
            throw e;
        } finally {
            ModelFiles.deleteTree(staging);
        }
    }

    /**
     * Makes an installed model the active one: verify, load, check, swap; then record it for the next start.
     *
     * @throws NotFound when no model of that name is installed
     */
    public synchronized void activate(String name, String actor) throws ModelRefusedException, IOException {
        Path folder = root.resolve(ModelManifest.checkName(name));
        Path manifestFile = folder.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new NotFound("no installed model named " + name);
        }
        ModelManifest manifest;
        try {
            manifest = ModelManifest.read(manifestFile);
        } catch (IOException e) {
            throw new ModelRefusedException(e.getMessage());
        }
        checksums.verify(manifest, folder); // a file changed on disk since install must not serve
        models.load(name, folder);
        ModelFiles.writeAtomically(root.resolve(ACTIVE), name + "\n");
        audit.append(actor, "model.activate", name);
    }

    /** Removes an installed model; removing the active one switches Porter to extractive mode. */
    public synchronized boolean remove(String name, String actor) throws IOException {
        Path folder = root.resolve(ModelManifest.checkName(name));
        if (!Files.isDirectory(folder)) {
            return false;
        }
        if (models.current().map(m -> m.name().equals(name)).orElse(false)) {
            models.unload();
        }
        if (activeName().map(name::equals).orElse(false)) {
            Files.deleteIfExists(root.resolve(ACTIVE));
        }
        // Rename first so a half-deleted folder is never mistaken for a model.
        Path doomed = root.resolve(".removing-" + UUID.randomUUID());
        ModelFiles.move(folder, doomed);
        ModelFiles.deleteTree(doomed);
        audit.append(actor, "model.remove", name);
        return true;
    }

    /**
     * Checks an installed model folder against its manifest (every file present, of its size and SHA-256), as
     * activation does; {@code porter doctor} calls it without loading anything.
     *
     * @throws ModelRefusedException naming the first file that is missing, cut short or changed
     */
    public static ModelManifest verifyInstalled(Path folder) throws ModelRefusedException, IOException {
        ModelManifest manifest = ModelManifest.read(folder.resolve(ModelManifest.FILE_NAME));
        new ModelChecksums((model, stage, fraction) -> { }).verify(manifest, folder);
        return manifest;
    }

    /** The SHA-256 of a file as a manifest records it ({@link ModelChecksums#sha256}). */
    static String sha256(Path file, LongConsumer progress) throws IOException {
        return ModelChecksums.sha256(file, progress);
    }

    /**
     * Copies (or unpacks) {@code source} into {@code staging} and returns the model folder in it.
     *
     * <p>WHY one answer for every way this fails: the path comes from an API caller, and "does not exist", "not a
     * folder", "permission denied" or "no model in it" would let a token holder map the server's file system. A
     * folder is looked into (two levels, names only) before anything is copied, so pointing at {@code /etc} copies
     * nothing either. The operator finds the exact reason in the server log.
     */
    private static Path copyIn(Path source, Path staging) throws ModelRefusedException {
        try {
            if (Files.isDirectory(source) && looksLikeModel(source)) {
                Files.createDirectories(staging);
                ModelFiles.copyFolder(source, staging);
            } else if (Files.isRegularFile(source) && Archives.isArchive(source)) {
                Files.createDirectories(staging);
                Archives.extract(source, staging);
                if (!looksLikeModel(staging)) {
                    throw new IOException("the archive holds no model");
                }
            } else {
                throw new IOException("not a model folder or archive");
            }
            return ModelFiles.singleSubfolder(staging);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "model install source refused: " + e.getMessage());
            throw new ModelRefusedException(NO_MODEL_THERE);
        }
    }

    /** A manifest or an {@code .onnx} file in the folder or one level down. */
    private static boolean looksLikeModel(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder, 2)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.equals(ModelManifest.FILE_NAME) || n.endsWith(".onnx"));
        }
    }

    /** A refusal is shown to the caller, logged and audited (who tried to install what, and why it failed). */
    private void failed(String name, String why, String actor) {
        models.refused(name, why);
        String line = why == null ? "" : why.lines().findFirst().orElse("");
        LOG.log(Level.WARNING, "model install refused: " + line);
        audit.append(actor, "model.install.refused", name, line);
    }
}
