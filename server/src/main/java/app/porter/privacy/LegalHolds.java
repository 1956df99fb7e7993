package app.porter.privacy;

import java.time.Instant;
import java.util.List;

/**
 * Legal holds on conversations: a held conversation outlives its retention and cannot be erased until the hold is
 * released. Implemented by chat over its own table; placing and releasing go through
 * {@link DataSubjectRequests}, which audits them.
 */
public interface LegalHolds {

    /** A conversation under legal hold, with the stated reason. */
    record Hold(String conversationId, String reason, Instant conversationStarted) {
    }

    /**
     * Places ({@code reason} non-null) or releases ({@code reason} null) a hold, with {@code audit} in the same
     * transaction.
     *
     * @throws RecordNotFoundException for an unknown conversation
     */
    void setLegalHold(String conversationId, String reason, SubjectRecords.InTransaction audit);

    List<Hold> holds();
}
