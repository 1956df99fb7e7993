package app.porter.tickets;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;

/**
 * What the tenant typed into a ticket (its {@link Ticket.Details}), sealed under the ticket's own data key, and the
 * unwrapping of that key. Kept apart from {@link Tickets} so the code that holds plaintext and key bytes is in one
 * small place to review: every data key and plaintext buffer it touches is zeroed once used. The data key is wrapped
 * under the key ring's KEK, bound to the row by {@link Tickets#KEY_PREFIX}; an empty wrapped key means it was
 * destroyed with the tenant's conversation, and the details read as {@link Ticket.Details#ERASED}.
 */
final class TicketSealing {

    private final KeyRing keys;

    TicketSealing(KeyRing keys) {
        this.keys = keys;
    }

    static byte[] seal(String id, Ticket.Details d, byte[] dataKey) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        add(json, "unit", d.unit());
        add(json, "location", d.location());
        add(json, "description", d.description());
        add(json, "window", d.window());
        add(json, "phone", d.phone());
        add(json, "email", d.email());
        add(json, "staffSummary", d.staffSummary());
        byte[] plain = json.build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            return Aead.encrypt(dataKey, plain, associatedData(id));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    Ticket.Details unseal(String id, int kekVersion, byte[] wrapped, byte[] sealed) {
        if (wrapped.length == 0) {
            return Ticket.Details.ERASED; // the tenant's conversation was erased: the record stays, their words do not
        }
        byte[] dataKey = keys.unwrap(kekVersion, wrapped, Tickets.KEY_PREFIX + id);
        try {
            byte[] plain = Aead.decrypt(dataKey, sealed, associatedData(id));
            try (JsonReader reader = Json.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
                JsonObject o = reader.readObject();
                return new Ticket.Details(o.getString("unit", null), o.getString("location", null),
                        o.getString("description", null), o.getString("window", null), o.getString("phone", null),
                        o.getString("email", null), o.getString("staffSummary", null));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The ticket's data key, unwrapped; null when it was destroyed (the conversation was erased). */
    byte[] dataKey(Connection connection, String ticketId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT kek_version, wrapped_key FROM tickets WHERE id = ?")) {
            query.setString(1, ticketId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next() || row.getBytes(2) == null || row.getBytes(2).length == 0) {
                    return null;
                }
                return keys.unwrap(row.getInt(1), row.getBytes(2), Tickets.KEY_PREFIX + ticketId);
            }
        }
    }

    private static void add(JsonObjectBuilder json, String key, String value) {
        if (value != null) {
            json.add(key, value);
        }
    }

    private static byte[] associatedData(String ticketId) {
        return ("ticket-details/" + ticketId).getBytes(StandardCharsets.UTF_8);
    }
}
