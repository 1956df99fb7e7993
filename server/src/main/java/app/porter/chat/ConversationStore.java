package app.porter.chat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Conversations and their messages in SQLite. Message text and citations are sealed with AES-256-GCM under the
 * conversation's data key before they reach the database; the associated data {@code <conversation>/<message>}
 * pins each blob to its row. A staff reply's author (the name the person signs with) is sealed with its text.
 */
final class ConversationStore {

    /**
     * Looked up once: {@code Json.createObjectBuilder()} looks the provider up with a ServiceLoader on every call,
     * which cost more than the encryption itself (measured by PrivacyBench).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    static final List<Migration> MIGRATIONS = List.of(Migration.of("chat", 1), Migration.of("chat", 2),
            Migration.of("chat", 3), Migration.of("chat", 4));

    private final Database database;
    private final KeyRing keys;

    ConversationStore(Database database, KeyRing keys) {
        this.database = database;
        this.keys = keys;
    }

    void insert(Conversation conversation) {
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO conversations (id, property_id, unit_id, language, consent_at, created_at,"
                            + " token_hash, kek_version, wrapped_key, notice_version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, conversation.id());
                insert.setString(2, conversation.propertyId());
                insert.setString(3, conversation.unitId());
                insert.setString(4, conversation.language() == null ? null : conversation.language().tag());
                insert.setString(5, conversation.createdAt().toString());
                insert.setString(6, conversation.createdAt().toString());
                insert.setBytes(7, conversation.tokenHash());
                insert.setInt(8, conversation.kekVersion());
                insert.setBytes(9, conversation.wrappedKey());
                if (conversation.noticeVersion() == null) {
                    insert.setNull(10, java.sql.Types.INTEGER);
                } else {
                    insert.setInt(10, conversation.noticeVersion());
                }
                return insert.executeUpdate();
            }
        });
    }

    private static final String COLUMNS = "SELECT id, property_id, unit_id, language, created_at, token_hash,"
            + " kek_version, wrapped_key, notice_version, legal_hold FROM conversations";

    Optional<Conversation> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    COLUMNS + " WHERE id = ? AND length(wrapped_key) > 0")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(conversation(row)) : Optional.empty();
                }
            }
        });
    }

    List<Conversation> startedBetween(LocalDate from, LocalDate to, String propertyId) {
        return database.read(connection -> {
            // created_at is ISO-8601 UTC text, so its first ten characters are the UTC day.
            try (PreparedStatement query = connection.prepareStatement(COLUMNS
                    + " WHERE length(wrapped_key) > 0 AND (?1 IS NULL OR substr(created_at, 1, 10) >= ?1)"
                    + " AND (?2 IS NULL OR substr(created_at, 1, 10) <= ?2)"
                    + " AND (?3 IS NULL OR property_id = ?3) ORDER BY created_at, id")) {
                query.setString(1, from == null ? null : from.toString());
                query.setString(2, to == null ? null : to.toString());
                query.setString(3, propertyId);
                List<Conversation> list = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        list.add(conversation(row));
                    }
                }
                return list;
            }
        });
    }

    private static Conversation conversation(ResultSet row) throws SQLException {
        int notice = row.getInt(9);
        Integer noticeVersion = row.wasNull() ? null : notice;
        return new Conversation(row.getString(1), row.getString(2), row.getString(3),
                Language.fromTag(row.getString(4)).orElse(null), Instant.parse(row.getString(5)), row.getBytes(6),
                row.getInt(7), row.getBytes(8), noticeVersion, row.getString(10));
    }

    long count() {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(
                         "SELECT COUNT(*) FROM conversations WHERE length(wrapped_key) > 0")) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Appends {@code message} as the conversation's next message; returns its sequence number. */
    int append(Conversation conversation, ChatMessage message) {
        byte[] body = seal(conversation, message);
        return database.transaction(connection -> {
            int seq = nextSeq(connection, conversation.id());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO messages (id, conversation_id, seq, role, mode, created_at, body)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, message.id());
                insert.setString(2, conversation.id());
                insert.setInt(3, seq);
                insert.setString(4, message.role());
                insert.setString(5, message.mode() == null ? null : message.mode().id());
                insert.setString(6, message.createdAt().toString());
                insert.setBytes(7, body);
                insert.executeUpdate();
                return seq;
            }
        });
    }

    /** Every message of the conversation, oldest first (history, export). */
    List<ChatMessage> messages(Conversation conversation) {
        return messages(conversation, Integer.MAX_VALUE);
    }

    /**
     * The conversation's last {@code limit} messages, oldest first: what an answer needs, read and decrypted
     * without touching the rest, so a reply costs the same at the thousandth message as at the tenth.
     */
    List<ChatMessage> recent(Conversation conversation, int limit) {
        return messages(conversation, limit);
    }

    private List<ChatMessage> messages(Conversation conversation, int limit) {
        return select(conversation, "SELECT id, role, mode, created_at, body, seq FROM (SELECT id, role, mode,"
                + " created_at, body, seq FROM messages WHERE conversation_id = ?1 ORDER BY seq DESC LIMIT ?2)"
                + " ORDER BY seq", limit, null).stream().map(Sequenced::message).toList();
    }

    /** A message with its place in the conversation (what a tenant's event stream numbers its events by). */
    record Sequenced(int seq, ChatMessage message) {
    }

    /** The conversation's messages of {@code role} after {@code seq}, oldest first (an event stream's replay). */
    List<Sequenced> after(Conversation conversation, int seq, String role) {
        return select(conversation, "SELECT id, role, mode, created_at, body, seq FROM messages"
                + " WHERE conversation_id = ?1 AND seq > ?2 AND role = ?3 ORDER BY seq", seq, role);
    }

    /** Runs {@code action} once the current transaction has committed (news for the tenant's event streams). */
    void afterCommit(Runnable action) {
        database.afterCommit(action);
    }

    /** The sequence number of the conversation's newest message, 0 when it has none. */
    int lastSeq(Conversation conversation) {
        return database.read(connection -> nextSeq(connection, conversation.id()) - 1);
    }

    private List<Sequenced> select(Conversation conversation, String sql, int number, String role) {
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        try {
            return database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                    query.setString(1, conversation.id());
                    query.setInt(2, number);
                    if (role != null) {
                        query.setString(3, role);
                    }
                    List<Sequenced> messages = new ArrayList<>();
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            String id = rows.getString(1);
                            String mode = rows.getString(3);
                            byte[] plain = Aead.decrypt(dataKey, rows.getBytes(5), associatedData(conversation, id));
                            messages.add(new Sequenced(rows.getInt(6), unseal(id, rows.getString(2),
                                    mode == null ? null : AnswerMode.fromId(mode), Instant.parse(rows.getString(4)),
                                    plain)));
                        }
                    }
                    return messages;
                }
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] seal(Conversation conversation, ChatMessage message) {
        JsonArrayBuilder citations = JSON.createArrayBuilder();
        for (Citation c : message.citations()) {
            citations.add(JSON.createObjectBuilder().add("sourceId", c.sourceId()).add("title", c.title())
                    .add("snippet", c.snippet()).add("document", c.document()));
        }
        JsonObjectBuilder sealed = JSON.createObjectBuilder().add("text", message.text()).add("citations", citations);
        if (message.author() != null) {
            sealed.add("author", message.author());
        }
        byte[] plain = sealed.build().toString().getBytes(StandardCharsets.UTF_8);
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        try {
            return Aead.encrypt(dataKey, plain, associatedData(conversation, message.id()));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static ChatMessage unseal(String id, String role, AnswerMode mode, Instant at, byte[] plain) {
        JsonObject body;
        try (JsonReader reader = JSON.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
            body = reader.readObject();
        }
        List<Citation> citations = body.getJsonArray("citations").getValuesAs(JsonObject.class).stream()
                .map(c -> new Citation(c.getString("sourceId"), c.getString("title"), c.getString("snippet"),
                        c.getString("document", ""))) // messages stored before citations named their document
                .toList();
        return new ChatMessage(id, role, body.getString("text"), mode, citations, at, body.getString("author", null));
    }

    private static byte[] associatedData(Conversation conversation, String messageId) {
        return (conversation.id() + "/" + messageId).getBytes(StandardCharsets.UTF_8);
    }

    private static int nextSeq(Connection connection, String conversationId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?")) {
            query.setString(1, conversationId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
