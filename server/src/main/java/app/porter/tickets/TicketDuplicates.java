package app.porter.tickets;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import app.porter.crypto.KeyRing;
import app.porter.store.Database;

/**
 * Possible duplicate tickets: open tickets of the same property, unit and category. The unit is matched by a keyed
 * hash stored when each ticket was opened (see {@code db/tickets/V2.sql}), never by the sealed details, so the
 * lookup reads no tenant details and needs no data key. Kept apart from {@link Tickets}, which checks roles.
 */
final class TicketDuplicates {

    private final Database database;
    private final KeyRing keys;

    TicketDuplicates(Database database, KeyRing keys) {
        this.database = database;
        this.keys = keys;
    }

    /** By reference, the open tickets that have possible duplicates: all of them, or {@code ticketId}'s alone. */
    Map<String, List<String>> possibleDuplicates(String ticketId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT a.reference, b.reference FROM tickets a JOIN tickets b"
                            + " ON b.property_id = a.property_id AND b.category = a.category"
                            + " AND b.unit_key = a.unit_key AND b.id <> a.id"
                            + " WHERE a.status NOT IN ('completed', 'cancelled')"
                            + " AND b.status NOT IN ('completed', 'cancelled')"
                            + (ticketId == null ? "" : " AND a.id = ?")
                            + " ORDER BY a.reference, b.number")) {
                if (ticketId != null) {
                    query.setString(1, ticketId);
                }
                Map<String, List<String>> duplicates = new TreeMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        duplicates.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
                    }
                }
                return duplicates;
            }
        });
    }

    /**
     * The unit as a keyed hash (see {@code db/tickets/V2.sql}): normalised first, so "c 204" and "C-204" match;
     * null without a unit (such a ticket is never flagged).
     */
    byte[] unitKey(String unit) {
        if (unit == null || unit.isBlank()) {
            return null;
        }
        String normalised = unit.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s\\-_/.#]", "");
        return normalised.isEmpty() ? null : keys.keyedHash("ticket-unit", normalised);
    }
}
