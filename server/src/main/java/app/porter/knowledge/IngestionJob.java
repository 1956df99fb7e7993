package app.porter.knowledge;

import java.time.Instant;

/**
 * A snapshot of one document's ingestion (embedding and indexing) as the admin API and the console show it.
 *
 * @param kind {@code ingest} (an upload) or {@code reindex}
 * @param state {@code queued}, {@code running}, {@code done}, {@code failed}, or {@code superseded} (a newer upload
 *              or re-index of the same document replaced it before it finished)
 * @param done passages embedded so far
 * @param total passages to embed
 * @param detail why it failed; null otherwise
 * @param finishedAt null while queued or running
 */
public record IngestionJob(String id, String documentId, String filename, String kind, String state, int done,
                           int total, String detail, Instant createdAt, Instant finishedAt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SUPERSEDED = "superseded";

    /** 0..1. */
    public double progress() {
        if (state.equals(DONE)) {
            return 1;
        }
        return total == 0 ? 0 : Math.min(1, (double) done / total);
    }

    public boolean finished() {
        return finishedAt != null;
    }
}
