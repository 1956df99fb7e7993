package app.porter.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import app.porter.privacy.DataClass;
import app.porter.privacy.Expirer;
import app.porter.privacy.TableExpirer;
import app.porter.store.Database;

/**
 * How tickets are forgotten: finished tickets are purged after the retention period, and the tenant's details are
 * shredded (their data key destroyed) when the tenant's conversation is erased. Kept apart from {@link Tickets},
 * which offers both as {@link Tickets#retention()} and {@link Tickets#shredDetails}.
 */
final class TicketRetention {

    private TicketRetention() {
    }

    /**
     * Retention of maintenance tickets: finished ones (completed or cancelled) not updated since the cutoff are
     * purged, their data key destroyed first and committed on its own, then the rows. Open work is never purged.
     */
    static Expirer expirer(Database database) {
        return new TableExpirer(database, DataClass.MAINTENANCE_TICKETS, "tickets",
                "status IN ('completed', 'cancelled') AND updated_at < ?", true);
    }

    /**
     * Destroys the data keys of the tickets raised in {@code conversationIds}: their rows stay as the firm's
     * maintenance records, what the tenant typed (apartment, description, phone, e-mail) becomes unreadable.
     */
    static void shredDetails(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tickets SET wrapped_key = X'' WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                update.setString(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
