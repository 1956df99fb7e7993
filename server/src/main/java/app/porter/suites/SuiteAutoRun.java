package app.porter.suites;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import app.porter.access.Actor;
import app.porter.access.Role;

/**
 * Runs every suite ({@link SuiteFiles}) after the knowledge base or the policies change, as {@code system}, on one
 * background thread. Debounced: a burst of changes (ten uploads in a row) gives one run, {@code quiet} after the
 * last. The change itself only schedules; it is never blocked, slowed or failed by a suite.
 */
public final class SuiteAutoRun implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SuiteAutoRun.class.getName());
    /** Who automatic runs are recorded and audited as. */
    public static final Actor SYSTEM = new Actor("system", Role.ADMIN);

    private final Suites suites;
    private final Duration quiet;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("porter-suites-auto").daemon().factory());
    private ScheduledFuture<?> pending;

    /** @param suites whose files ({@code <data>/suites}) are read afresh at each run */
    public SuiteAutoRun(Suites suites, Duration quiet) {
        this.suites = suites;
        this.quiet = quiet;
    }

    /** Schedules a run {@code quiet} from now, replacing one scheduled and not yet started. */
    public synchronized void changed(String reason) {
        if (worker.isShutdown()) {
            return;
        }
        if (pending != null) {
            pending.cancel(false); // a run already going finishes; this one follows it on the same thread
        }
        pending = worker.schedule(() -> runAll(reason), quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runAll(String reason) {
        for (Suite suite : suites.files().loadAll()) {
            try {
                Suites.Run run = suites.run(SYSTEM, suite, reason);
                LOG.log(Level.INFO, "suite " + suite.name() + " " + reason + ": " + run.passed() + " of "
                        + run.total() + " scenarios passed");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "suite " + suite.name() + " " + reason + " could not run: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized void close() {
        worker.shutdownNow();
    }
}
