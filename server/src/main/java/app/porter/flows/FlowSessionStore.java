package app.porter.flows;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;

/** {@link FlowSession}s in SQLite; slot values sealed under a per-session data key. */
final class FlowSessionStore {

    /** The key ring binds a wrapped key to its row; "flow:" keeps it apart from the conversation's own key. */
    static final String KEY_PREFIX = "flow:";
    /** Where flow sessions keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS =
            new KeyRing.WrappedKeyTable("flow_sessions", "conversation_id", KEY_PREFIX);

    static final List<Migration> MIGRATIONS = List.of(Migration.of("flows", 1));

    private final Database database;
    private final KeyRing keys;
    private final Clock clock;

    FlowSessionStore(Database database, KeyRing keys, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.clock = clock;
    }

    /** Destroys the data keys (and drops the sealed slots) of the unfinished flows of {@code conversationIds}. */
    static void shred(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE flow_sessions SET wrapped_key = X'', slots = NULL WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                update.setString(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    Optional<FlowSession> find(String conversationId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT language, flow_id, step, return_to, attempts, offer, emergency, wrapped_key, slots,"
                            + " flow_updated_at, kek_version FROM flow_sessions WHERE conversation_id = ?")) {
                query.setString(1, conversationId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    String updated = row.getString(10);
                    return Optional.of(new FlowSession(conversationId, Language.fromTag(row.getString(1)).orElse(null),
                            row.getString(2), row.getString(3), row.getString(4), row.getInt(5), Offer.fromCode(row.getString(6)),
                            row.getString(7), unseal(conversationId, row.getInt(11), row.getBytes(8), row.getBytes(9)),
                            updated == null ? null : Instant.parse(updated)));
                }
            }
        });
    }

    void save(FlowSession session) {
        byte[] dataKey = Aead.newKey();
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, KEY_PREFIX + session.conversationId());
            byte[] sealed = session.slots().isEmpty() ? null : seal(session, dataKey);
            database.read(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO flow_sessions (conversation_id, language, flow_id, step, return_to, attempts,"
                                + " offer, emergency, wrapped_key, slots, flow_updated_at, updated_at, kek_version)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (conversation_id) DO UPDATE SET language = excluded.language,"
                                + " flow_id = excluded.flow_id, step = excluded.step, return_to = excluded.return_to,"
                                + " attempts = excluded.attempts, offer = excluded.offer, emergency = excluded.emergency,"
                                + " wrapped_key = excluded.wrapped_key, kek_version = excluded.kek_version,"
                                + " slots = excluded.slots,"
                                + " flow_updated_at = excluded.flow_updated_at, updated_at = excluded.updated_at")) {
                    upsert.setString(1, session.conversationId());
                    upsert.setString(2, session.language() == null ? null : session.language().tag());
                    upsert.setString(3, session.flowId());
                    upsert.setString(4, session.step());
                    upsert.setString(5, session.returnTo());
                    upsert.setInt(6, session.attempts());
                    upsert.setString(7, session.offer() == null ? null : session.offer().code());
                    upsert.setString(8, session.emergency());
                    upsert.setBytes(9, wrapped.key());
                    upsert.setBytes(10, sealed);
                    upsert.setString(11, session.flowUpdatedAt() == null ? null : session.flowUpdatedAt().toString());
                    upsert.setString(12, clock.instant().toString());
                    upsert.setInt(13, wrapped.kekVersion());
                    return upsert.executeUpdate();
                }
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] seal(FlowSession session, byte[] dataKey) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        session.slots().forEach(json::add);
        byte[] plain = json.build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            return Aead.encrypt(dataKey, plain, associatedData(session.conversationId()));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private Map<String, String> unseal(String conversationId, int kekVersion, byte[] wrapped, byte[] sealed) {
        if (sealed == null) {
            return Map.of();
        }
        byte[] dataKey = keys.unwrap(kekVersion, wrapped, KEY_PREFIX + conversationId);
        try {
            byte[] plain = Aead.decrypt(dataKey, sealed, associatedData(conversationId));
            try (JsonReader reader = Json.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
                JsonObject object = reader.readObject();
                Map<String, String> slots = new LinkedHashMap<>();
                object.forEach((k, v) -> slots.put(k, ((JsonString) v).getString()));
                return slots;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }


    private static byte[] associatedData(String conversationId) {
        return ("flow-slots/" + conversationId).getBytes(StandardCharsets.UTF_8);
    }
}
