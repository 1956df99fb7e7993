package app.porter.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Applies each feature's migrations that have not run yet, each in its own transaction, and records them in
 * {@code schema_migrations}. Running it twice is harmless.
 */
public final class Migrator {

    private final Database database;

    public Migrator(Database database) {
        this.database = database;
    }

    /** Applies the pending ones among {@code migrations}; returns how many ran. */
    public int migrate(List<Migration> migrations) {
        database.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "feature TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,"
                        + " PRIMARY KEY (feature, version))");
            }
            return null;
        });
        int applied = 0;
        List<Migration> ordered = migrations.stream()
                .sorted(Comparator.comparing(Migration::feature).thenComparingInt(Migration::version))
                .toList();
        for (Migration migration : ordered) {
            if (!isApplied(migration)) {
                apply(migration);
                applied++;
            }
        }
        return applied;
    }

    private boolean isApplied(Migration migration) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM schema_migrations WHERE feature = ? AND version = ?")) {
                query.setString(1, migration.feature());
                query.setInt(2, migration.version());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    private void apply(Migration migration) {
        String sql = readResource(migration.resource());
        database.transaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String part : sql.split(";")) {
                    if (!part.isBlank()) {
                        statement.execute(part);
                    }
                }
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_migrations (feature, version, applied_at) VALUES (?, ?, ?)")) {
                record.setString(1, migration.feature());
                record.setInt(2, migration.version());
                record.setString(3, Instant.now().toString());
                record.executeUpdate();
            }
            return null;
        });
    }

    private static String readResource(String resource) {
        try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
