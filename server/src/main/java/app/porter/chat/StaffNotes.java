package app.porter.chat;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;

/**
 * Staff's internal notes on a conversation, sealed with the conversation's own data key (so erasing the
 * conversation shreds them too) and kept apart from its messages: nothing reads this table for the tenant's
 * history, event stream or export.
 */
final class StaffNotes {

    private final Database database;
    private final KeyRing keys;

    StaffNotes(Database database, KeyRing keys) {
        this.database = database;
        this.keys = keys;
    }

    void add(Conversation conversation, StaffNote note) {
        byte[] plain = note.text().getBytes(StandardCharsets.UTF_8);
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        byte[] body;
        try {
            body = Aead.encrypt(dataKey, plain, associatedData(conversation, note.id()));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO staff_notes (id, conversation_id, author, created_at, body) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, note.id());
                insert.setString(2, conversation.id());
                insert.setString(3, note.author());
                insert.setString(4, note.createdAt().toString());
                insert.setBytes(5, body);
                return insert.executeUpdate();
            }
        });
    }

    /** The conversation's notes, oldest first. */
    List<StaffNote> list(Conversation conversation) {
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        try {
            return database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT id, author, created_at, body"
                        + " FROM staff_notes WHERE conversation_id = ? ORDER BY created_at, rowid")) {
                    query.setString(1, conversation.id());
                    List<StaffNote> notes = new ArrayList<>();
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            String id = rows.getString(1);
                            byte[] plain = Aead.decrypt(dataKey, rows.getBytes(4), associatedData(conversation, id));
                            notes.add(new StaffNote(id, rows.getString(2), new String(plain, StandardCharsets.UTF_8),
                                    Instant.parse(rows.getString(3))));
                        }
                    }
                    return notes;
                }
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] associatedData(Conversation conversation, String noteId) {
        return (conversation.id() + "/note/" + noteId).getBytes(StandardCharsets.UTF_8);
    }
}
