package app.porter.modelimport;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one import as the admin API and the console show it.
 *
 * @param source the path on the server it was read from
 * @param name the name it is installed under
 * @param state {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param phase the step it is in, once it has started
 * @param done of {@code total}: what the phase counts (tensors read, layers written, prompts checked)
 * @param verification what the check against the checkpoint found, once done
 * @param detail why it failed
 */
public record ImportJob(String id, String source, String name, WeightFormat format, String state,
                        Optional<ImportProgress.Phase> phase, long done, long total,
                        Optional<VerificationReport> verification, Optional<String> detail, Instant createdAt,
                        Optional<Instant> finishedAt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean finished() {
        return finishedAt.isPresent();
    }

    /**
     * 0..1 over the whole import: reading, writing and verifying weighted by their usual share of the time, so the
     * bar moves evenly rather than filling three times.
     */
    public double progress() {
        if (state.equals(DONE)) {
            return 1;
        }
        if (phase.isEmpty()) {
            return 0;
        }
        double within = total <= 0 ? 0 : Math.min(1, (double) done / total);
        return switch (phase.get()) {
            case READ -> 0.1 * within;
            case WRITE -> 0.1 + 0.6 * within;
            case VERIFY -> 0.7 + 0.3 * within;
        };
    }
}
