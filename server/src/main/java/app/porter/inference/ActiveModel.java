package app.porter.inference;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generative model Porter answers with, if any, and its switch. A new model is loaded and checked completely
 * beside the serving one and then swapped in atomically; generations already running finish on the old model,
 * which is closed once they are done. A model that is refused changes nothing: the active one keeps serving.
 */
public final class ActiveModel implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ActiveModel.class.getName());

    /** A loaded model with its engine. */
    public record Loaded(String name, DecoderModel model, GenerationEngine engine, TextGenerator generator) {
    }

    /**
     * What the console shows while a model loads.
     *
     * @param state {@code none}, {@code loading}, {@code ready} or {@code failed}
     * @param stage what loading is doing now, e.g. "verifying checksums"
     * @param progress 0..1 for the current stage
     */
    public record Status(String state, String name, String stage, double progress, String detail) {
        static Status none() {
            return new Status("none", "", "", 0, "no generative model: answers are extractive");
        }
    }

    private final GenerationEngine.Settings engineSettings;
    private final int threads;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final AtomicReference<Status> status = new AtomicReference<>(Status.none());

    public ActiveModel(GenerationEngine.Settings engineSettings, int threads) {
        this.engineSettings = engineSettings;
        this.threads = threads;
    }

    public Optional<Loaded> current() {
        return Optional.ofNullable(current.get());
    }

    public Status status() {
        return status.get();
    }

    /** Reports a loading stage (checksum verification reports its byte progress through this). */
    public void progress(String name, String stage, double fraction) {
        status.set(new Status("loading", name, stage, Math.max(0, Math.min(1, fraction)), ""));
    }

    /** An install was refused before loading: say so, and that the serving model (if any) carries on. */
    public void refused(String name, String why) {
        Loaded serving = current.get();
        status.set(serving == null
                ? new Status("failed", name, "", 0, why)
                : new Status("ready", serving.name(), "", 1, "the last install (" + name + ") was refused: " + why
                + "; " + serving.name() + " keeps serving"));
    }

    /**
     * Loads {@code folder} and makes it the active model. Synchronized: one switch at a time.
     *
     * @throws ModelRefusedException when the folder is not a runnable model; the active model is unchanged
     */
    public synchronized Loaded load(String name, Path folder) throws ModelRefusedException {
        Status before = status.get();
        progress(name, "loading the ONNX session and tokenizer", 0);
        DecoderModel model;
        try {
            model = DecoderModel.load(folder, threads);
        } catch (ModelRefusedException e) {
            refused(name, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            status.set(before);
            throw e;
        }
        GenerationEngine engine = new GenerationEngine(model, engineSettings);
        Loaded loaded = new Loaded(name, model, engine, new TextGenerator(engine));
        Loaded previous = current.getAndSet(loaded);
        status.set(new Status("ready", name, "", 1, model.config().modelType() + ", " + model.signature().layers()
                + " layers, window " + model.contextLength() + " tokens, "
                + (model.chatTemplate().isPlain() ? "plain prompt (no chat template)" : "own chat template")));
        retire(previous);
        return loaded;
    }

    /** Stops generative answers; running generations finish first. */
    public synchronized void unload() {
        retire(current.getAndSet(null));
        status.set(Status.none());
    }

    /** Closes a replaced model once its running generations are done (waiting at most a few minutes). */
    private static void retire(Loaded old) {
        if (old == null) {
            return;
        }
        Thread.ofVirtual().name("porter-model-retire").start(() -> {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (old.engine().reservedPlaces() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            old.engine().close();
            old.model().close();
            LOG.log(Level.INFO, "model " + old.name() + " unloaded");
        });
    }

    @Override
    public synchronized void close() {
        Loaded old = current.getAndSet(null);
        if (old != null) {
            old.engine().close();
            old.model().close();
        }
    }
}
