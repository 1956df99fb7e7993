package app.porter.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.language.Language;
import app.porter.privacy.DataClass;
import app.porter.privacy.Expirer;
import app.porter.crypto.KeyRing;
import app.porter.privacy.LegalHoldException;
import app.porter.privacy.LegalHolds;
import app.porter.privacy.RecordNotFoundException;
import app.porter.privacy.SubjectRecords;
import app.porter.store.Database;

/**
 * Conversations as privacy sees them: retention (purge what has been idle longer than the policy allows),
 * data-subject requests (export, erase) and legal holds. Erasing and purging are crypto-shredding: the wrapped
 * data key is destroyed first (so nothing is readable even if deleting the rows were interrupted), then the rows
 * are deleted with secure_delete on, then the freed pages are handed back and the WAL truncated.
 */
public final class ConversationRecords implements Expirer, SubjectRecords, LegalHolds {

    /** Purges commit in batches so a large purge does not hold the database for long. */
    private static final int BATCH = 500;
    /**
     * A conversation's last activity: its newest message, or its start when it has none. Conversations whose key
     * was destroyed (an interrupted purge) are always due.
     */
    private static final String EXPIRED = "SELECT c.id FROM conversations c WHERE c.legal_hold IS NULL AND ("
            + "length(c.wrapped_key) = 0 OR COALESCE((SELECT MAX(m.created_at) FROM messages m"
            + " WHERE m.conversation_id = c.id), c.created_at) < ?)";

    /**
     * Destroys the data keys other features keep for what a tenant typed in a conversation (an unfinished flow's
     * slots, a ticket's contact details), in the same transaction as the conversation's own key. The rows may
     * stay (a ticket is the firm's maintenance record); what the tenant typed becomes unreadable with them.
     */
    @FunctionalInterface
    public interface Shredder {
        void shred(Connection connection, List<String> conversationIds) throws SQLException;
    }

    /**
     * What another feature keeps from a conversation: exported with it under {@code name} (a data-subject request
     * covers everything about the tenant) and shredded with it.
     */
    public record Linked(String name, Function<String, JsonValue> export, Shredder shredder) {
    }

    private final Database database;
    private final ConversationStore store;
    private final List<Linked> linked;

    public ConversationRecords(Database database, KeyRing keys) {
        this(database, keys, List.of());
    }

    public ConversationRecords(Database database, KeyRing keys, List<Linked> linked) {
        this.database = database;
        this.store = new ConversationStore(database, keys);
        this.linked = List.copyOf(linked);
    }

    @Override
    public DataClass dataClass() {
        return DataClass.CONVERSATIONS;
    }

    @Override
    public long countExpired(Instant cutoff) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM (" + EXPIRED + ")")) {
                query.setString(1, cutoff.toString());
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public long purgeExpired(Instant cutoff) {
        long purged = 0;
        while (true) {
            List<String> batch = database.read(connection -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement(EXPIRED + " LIMIT " + BATCH)) {
                    query.setString(1, cutoff.toString());
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                    }
                }
                return ids;
            });
            if (batch.isEmpty()) {
                break;
            }
            // Keys first, committed on their own: from here on the messages are unreadable whatever happens next.
            database.transaction(connection -> {
                destroyKeys(connection, batch);
                return null;
            });
            database.transaction(connection -> {
                deleteRows(connection, batch);
                return null;
            });
            purged += batch.size();
        }
        if (purged > 0) {
            database.reclaimFreePages();
        }
        return purged;
    }

    @Override
    public Optional<JsonObject> export(String conversationId) {
        Optional<Conversation> found = store.find(conversationId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Conversation c = found.get();
        JsonArrayBuilder messages = Json.createArrayBuilder();
        for (ChatMessage m : store.messages(c)) {
            JsonArrayBuilder citations = Json.createArrayBuilder();
            for (Citation citation : m.citations()) {
                citations.add(Json.createObjectBuilder().add("sourceId", citation.sourceId())
                        .add("title", citation.title()).add("snippet", citation.snippet()));
            }
            JsonObjectBuilder message = Json.createObjectBuilder()
                    .add("messageId", m.id())
                    .add("role", m.role())
                    .add("text", m.text())
                    .add("citations", citations)
                    .add("createdAt", m.createdAt().toString());
            if (m.mode() != null) {
                message.add("mode", m.mode().id());
            }
            if (m.author() != null) {
                message.add("author", m.author());
            }
            messages.add(message);
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("conversationId", c.id())
                .add("propertyId", c.propertyId())
                .add("createdAt", c.createdAt().toString())
                .add("legalHold", c.legalHold() != null)
                .add("messages", messages);
        if (c.language() != null) {
            json.add("language", c.language().tag());
        }
        if (c.noticeVersion() != null) {
            json.add("noticeVersion", c.noticeVersion());
        }
        for (Linked records : linked) {
            json.add(records.name(), records.export().apply(c.id()));
        }
        return Optional.of(json.build());
    }

    @Override
    public Erased erase(String conversationId, InTransaction audit) {
        Erased erased = database.transaction(connection -> {
            String hold;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT legal_hold FROM conversations WHERE id = ? AND length(wrapped_key) > 0")) {
                query.setString(1, conversationId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new RecordNotFoundException("no such conversation");
                    }
                    hold = row.getString(1);
                }
            }
            if (hold != null) {
                throw new LegalHoldException("this conversation is under legal hold; release the hold first");
            }
            int messages;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM messages WHERE conversation_id = ?")) {
                count.setString(1, conversationId);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    messages = row.getInt(1);
                }
            }
            destroyKeys(connection, List.of(conversationId));
            deleteRows(connection, List.of(conversationId));
            audit.run(connection);
            return new Erased(conversationId, messages);
        });
        database.reclaimFreePages();
        return erased;
    }

    @Override
    public void setLegalHold(String conversationId, String reason, InTransaction audit) {
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE conversations SET legal_hold = ? WHERE id = ? AND length(wrapped_key) > 0")) {
                update.setString(1, reason);
                update.setString(2, conversationId);
                if (update.executeUpdate() == 0) {
                    throw new RecordNotFoundException("no such conversation");
                }
            }
            audit.run(connection);
            return null;
        });
    }

    @Override
    public List<Hold> holds() {
        return database.read(connection -> {
            List<Hold> holds = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT id, legal_hold, created_at"
                    + " FROM conversations WHERE legal_hold IS NOT NULL ORDER BY created_at");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    holds.add(new Hold(rows.getString(1), rows.getString(2), Instant.parse(rows.getString(3))));
                }
            }
            return holds;
        });
    }

    /** True when the conversation exists (and has not been erased). */
    public boolean exists(String conversationId) {
        return store.find(conversationId).isPresent();
    }

    /**
     * Overwrites the wrapped data keys of the conversations and of what other features keep from them: the messages
     * (and a ticket's contact details) can never be decrypted again (crypto-shredding).
     */
    private void destroyKeys(Connection connection, List<String> ids) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET wrapped_key = X'' WHERE id = ?")) {
            for (String id : ids) {
                update.setString(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
        for (Linked records : linked) {
            records.shredder().shred(connection, ids);
        }
    }

    private static void deleteRows(Connection connection, List<String> ids) throws SQLException {
        try (PreparedStatement messages = connection.prepareStatement(
                "DELETE FROM messages WHERE conversation_id = ?");
             PreparedStatement notes = connection.prepareStatement("DELETE FROM staff_notes WHERE conversation_id = ?");
             PreparedStatement conversations = connection.prepareStatement("DELETE FROM conversations WHERE id = ?")) {
            for (String id : ids) {
                messages.setString(1, id);
                messages.addBatch();
                notes.setString(1, id);
                notes.addBatch();
                conversations.setString(1, id);
                conversations.addBatch();
            }
            messages.executeBatch();
            notes.executeBatch();
            conversations.executeBatch();
        }
    }
}
