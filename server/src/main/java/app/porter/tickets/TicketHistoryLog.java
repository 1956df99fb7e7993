package app.porter.tickets;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import app.porter.crypto.Aead;
import app.porter.errors.Conflict;
import app.porter.store.Database;

/**
 * A ticket's history ({@code ticket_history}): one numbered step per status change or assignment, with staff's
 * optional note sealed under the ticket's data key and bound to the ticket and its step, so a note cannot be moved
 * to another ticket or step unnoticed. Kept apart from {@link Tickets}, which checks roles and writes the audit
 * entries; the steps are appended inside the caller's transaction, beside the change they record.
 */
final class TicketHistoryLog {

    private final Database database;
    private final TicketSealing sealing;

    TicketHistoryLog(Database database, TicketSealing sealing) {
        this.database = database;
        this.sealing = sealing;
    }

    /** The ticket's history, oldest first, notes decrypted (a note on an erased ticket reads as erased). */
    List<TicketHistory> read(Ticket ticket) {
        return database.read(connection -> {
            byte[] dataKey = sealing.dataKey(connection, ticket.id());
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, at, who, kind, status, assignee, note FROM ticket_history WHERE ticket_id = ?"
                            + " ORDER BY seq")) {
                query.setString(1, ticket.id());
                List<TicketHistory> steps = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        byte[] sealed = rows.getBytes(7);
                        String note = sealed == null ? null
                                : dataKey == null ? TicketHistory.ERASED_NOTE
                                : new String(Aead.decrypt(dataKey, sealed, noteData(ticket.id(), rows.getInt(1))),
                                StandardCharsets.UTF_8);
                        steps.add(new TicketHistory(Instant.parse(rows.getString(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), note));
                    }
                }
                return steps;
            } finally {
                if (dataKey != null) {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
        });
    }

    void appendHistory(Connection connection, String ticketId, Instant at, String who, String kind,
                       String status, String assignee, byte[] note) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ticket_history (ticket_id, seq, at, who, kind, status, assignee, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, ticketId);
            insert.setInt(2, nextSeq(connection, ticketId));
            insert.setString(3, at.toString());
            insert.setString(4, who);
            insert.setString(5, kind);
            insert.setString(6, status);
            insert.setString(7, assignee);
            insert.setBytes(8, note);
            insert.executeUpdate();
        }
    }

    private static int nextSeq(Connection connection, String ticketId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM ticket_history WHERE ticket_id = ?")) {
            query.setString(1, ticketId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Seals a note under the ticket's data key, bound to the ticket and the history step it will be. */
    byte[] sealNote(Connection connection, String ticketId, String text) throws SQLException {
        byte[] dataKey = sealing.dataKey(connection, ticketId);
        if (dataKey == null) {
            throw new Conflict("the ticket's details were erased with the tenant's conversation: change its status"
                    + " without a note");
        }
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        try {
            return Aead.encrypt(dataKey, plain, noteData(ticketId, nextSeq(connection, ticketId)));
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] noteData(String ticketId, int seq) {
        return ("ticket-note/" + ticketId + "/" + seq).getBytes(StandardCharsets.UTF_8);
    }
}
