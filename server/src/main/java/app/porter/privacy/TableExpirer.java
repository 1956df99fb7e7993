package app.porter.privacy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

import app.porter.store.Database;

/**
 * Retention over one table: the rows matching {@code expired} (a SQL condition with a single {@code ?} for the
 * cutoff, built by the owning feature from constants) are purged. For a table that holds wrapped data keys, the keys
 * are destroyed first and committed on their own, so the rows are unreadable even if the delete is interrupted.
 */
public final class TableExpirer implements Expirer {

    private final Database database;
    private final DataClass dataClass;
    private final String table;
    private final String expired;
    private final boolean wrappedKeys;

    /**
     * @param wrappedKeys whether the table has a {@code wrapped_key} column to crypto-shred before deleting
     */
    public TableExpirer(Database database, DataClass dataClass, String table, String expired, boolean wrappedKeys) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("table names are identifiers");
        }
        this.database = database;
        this.dataClass = dataClass;
        this.table = table;
        this.expired = expired;
        this.wrappedKeys = wrappedKeys;
    }

    @Override
    public DataClass dataClass() {
        return dataClass;
    }

    @Override
    public long countExpired(Instant cutoff) {
        return database.read(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM " + table + " WHERE " + expired)) {
                count.setString(1, cutoff.toString());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public long purgeExpired(Instant cutoff) {
        if (wrappedKeys) {
            database.transaction(connection -> {
                try (PreparedStatement shred = connection.prepareStatement(
                        "UPDATE " + table + " SET wrapped_key = X'' WHERE " + expired)) {
                    shred.setString(1, cutoff.toString());
                    return shred.executeUpdate();
                }
            });
        }
        return database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE " + expired)) {
                delete.setString(1, cutoff.toString());
                return (long) delete.executeUpdate();
            }
        });
    }
}
