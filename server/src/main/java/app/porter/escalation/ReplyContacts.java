package app.porter.escalation;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;

/**
 * The e-mail address or phone number a tenant left for the reply when handed to staff outside office hours. It is
 * what the tenant typed, so it is sealed under a data key of its own (wrapped by the key ring, rewrapped on KEK
 * rotation) and deleted with the conversation. Staff read it with the transcript, under that read's audit entry.
 */
public final class ReplyContacts {

    /** The key ring binds a wrapped key to its row; "contact:" keeps it apart from conversation keys. */
    private static final String KEY_PREFIX = "contact:";
    /** Where reply contacts keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS =
            new KeyRing.WrappedKeyTable("escalation_contacts", "conversation_id", KEY_PREFIX);

    private final Database database;
    private final KeyRing keys;
    private final Clock clock;

    public ReplyContacts(Database database, KeyRing keys, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.clock = clock;
    }

    /** Keeps {@code contact} for the conversation, replacing one left before; joins the caller's transaction. */
    public void leave(String conversationId, String contact) {
        byte[] dataKey = Aead.newKey();
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, KEY_PREFIX + conversationId);
            byte[] sealed = Aead.encrypt(dataKey, contact.getBytes(StandardCharsets.UTF_8),
                    associatedData(conversationId));
            database.transaction(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO escalation_contacts (conversation_id, created_at, kek_version, wrapped_key,"
                                + " contact) VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET"
                                + " created_at = excluded.created_at, kek_version = excluded.kek_version,"
                                + " wrapped_key = excluded.wrapped_key, contact = excluded.contact")) {
                    upsert.setString(1, conversationId);
                    upsert.setString(2, clock.instant().toString());
                    upsert.setInt(3, wrapped.kekVersion());
                    upsert.setBytes(4, wrapped.key());
                    upsert.setBytes(5, sealed);
                    upsert.executeUpdate();
                }
                return null;
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The contact the tenant left in {@code conversationId}, if any. Callers audit the read. */
    public Optional<String> of(String conversationId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kek_version, wrapped_key, contact FROM escalation_contacts WHERE conversation_id = ?")) {
                query.setString(1, conversationId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    byte[] dataKey = keys.unwrap(row.getInt(1), row.getBytes(2), KEY_PREFIX + conversationId);
                    try {
                        return Optional.of(new String(Aead.decrypt(dataKey, row.getBytes(3),
                                associatedData(conversationId)), StandardCharsets.UTF_8));
                    } finally {
                        Arrays.fill(dataKey, (byte) 0);
                    }
                }
            }
        });
    }

    /** Deletes the contacts of erased or purged conversations, in the caller's transaction. */
    public static void shred(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM escalation_contacts WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                delete.setString(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static byte[] associatedData(String conversationId) {
        return ("escalation-contact/" + conversationId).getBytes(StandardCharsets.UTF_8);
    }
}
