package app.porter.tickets;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import app.porter.store.Database;

/**
 * Tickets read back from their rows, newest first, with the tenant's details unsealed. Kept apart from
 * {@link Tickets}, which decides who may read and audits it: this class only turns a {@code WHERE} clause into
 * {@link Ticket}s, so every read of the {@code tickets} table goes through the one column list.
 */
final class TicketRows {

    private final Database database;
    private final TicketSealing sealing;

    TicketRows(Database database, TicketSealing sealing) {
        this.database = database;
        this.sealing = sealing;
    }

    /**
     * The tickets matching {@code where} (with at most one {@code parameter}), newest first, at most {@code limit}.
     */
    List<Ticket> query(String where, String parameter, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, reference, property_id, conversation_id, category, urgency, entry_permitted, pets,"
                            + " contact, language, status, created_at, updated_at, wrapped_key, details, kek_version,"
                            + " assignee, assigned_at FROM tickets "
                            + where + " ORDER BY created_at DESC, number DESC LIMIT ?")) {
                int i = 1;
                if (parameter != null) {
                    query.setString(i++, parameter);
                }
                query.setInt(i, limit);
                List<Ticket> tickets = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tickets.add(row(rows));
                    }
                }
                return tickets;
            }
        });
    }

    private Ticket row(ResultSet rows) throws SQLException {
        String id = rows.getString(1);
        return new Ticket(id, rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), bool(rows, 7), bool(rows, 8), rows.getString(9), rows.getString(10),
                rows.getString(11), Instant.parse(rows.getString(12)), Instant.parse(rows.getString(13)),
                sealing.unseal(id, rows.getInt(16), rows.getBytes(14), rows.getBytes(15)), rows.getString(17),
                rows.getString(18) == null ? null : Instant.parse(rows.getString(18)));
    }

    private static Boolean bool(ResultSet rows, int index) throws SQLException {
        int value = rows.getInt(index);
        return rows.wasNull() ? null : value == 1;
    }
}
