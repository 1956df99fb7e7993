package app.porter.modelimport;

/**
 * Where a long import reports how far it is: the CLI prints it, the admin API keeps it on the job for the console's
 * progress bar. Phases run in order (read, write, verify); {@code done} of {@code total} counts what the phase counts
 * (tensors, layers, prompts).
 */
@FunctionalInterface
public interface ImportProgress {

    /** The steps of an import, in order. */
    enum Phase { READ, WRITE, VERIFY }

    void report(Phase phase, long done, long total);

    /** For callers that do not show progress (tests). */
    ImportProgress SILENT = (phase, done, total) -> { };
}
