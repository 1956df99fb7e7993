package app.porter.portfolio;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.store.Database;
import app.porter.store.Migration;

/** The firm's properties. */
public final class Portfolio {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("portfolio", 1));

    private final Database database;
    private final Clock clock;

    public Portfolio(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Adds {@code property} unless one with its id exists; returns true when it was added. */
    public boolean addIfAbsent(Property property) {
        return database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO properties (id, name, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, property.id());
                insert.setString(2, property.name());
                insert.setString(3, clock.instant().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    public Optional<Property> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM properties WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(new Property(row.getString(1), row.getString(2))) : Optional.empty();
                }
            }
        });
    }

    public List<Property> list() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM properties ORDER BY name");
                 ResultSet rows = query.executeQuery()) {
                List<Property> properties = new ArrayList<>();
                while (rows.next()) {
                    properties.add(new Property(rows.getString(1), rows.getString(2)));
                }
                return properties;
            }
        });
    }
}
