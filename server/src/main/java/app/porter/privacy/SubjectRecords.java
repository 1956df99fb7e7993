package app.porter.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.json.JsonObject;

/**
 * What a feature that keeps tenant data does for data-subject requests: export a conversation's data, erase it.
 * Implemented by chat over its own tables, so that {@code privacy} knows what a request means but not how each
 * feature stores its data.
 */
public interface SubjectRecords {

    /** Work done inside the erasure's transaction (the audit entry), so both land or neither does. */
    @FunctionalInterface
    interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /** What an erasure destroyed. */
    record Erased(String conversationId, int messages) {
    }

    /** Everything held about the conversation as JSON, or empty when there is no such conversation. */
    Optional<JsonObject> export(String conversationId);

    /**
     * Crypto-shreds the conversation: destroys its data key, then deletes its rows, in one transaction together
     * with {@code audit}.
     *
     * @throws RecordNotFoundException for an unknown or already erased conversation
     * @throws LegalHoldException when the conversation is under legal hold
     */
    Erased erase(String conversationId, InTransaction audit);
}
