package app.porter.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.errors.Conflict;
import app.porter.store.Database;

/**
 * The rows of the {@code staff} table and the SQL that reads and writes them: the public view of an account
 * ({@link StaffMember}), the fuller row that sign-in needs ({@link Stored}), a new row and a new password.
 *
 * <p>Kept apart from {@link StaffAccounts} so that the column layout lives in one place and the service reads as its
 * rules (who may do what, what is audited). It checks no roles and writes no audit entries: its callers do, in the
 * same transaction where they pass a {@link Connection}.
 */
final class StaffRows {

    private static final String SELECT = "SELECT username, display_name, role, totp_secret IS NOT NULL,"
            + " disabled_at, locked_until, created_at FROM staff";

    private final Database database;
    private final KeyRing keys;
    private final Clock clock;

    StaffRows(Database database, KeyRing keys, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.clock = clock;
    }

    /** Whether the table is empty. */
    boolean none() {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM staff")) {
                row.next();
                return row.getInt(1) == 0;
            }
        });
    }

    /** Everyone, by username; the caller checks that the asker may see them. */
    List<StaffMember> list() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(SELECT + " ORDER BY username")) {
                List<StaffMember> members = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        members.add(member(row));
                    }
                }
                return members;
            }
        });
    }

    Optional<StaffMember> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE username = ?")) {
                query.setString(1, username.strip().toLowerCase(Locale.ROOT));
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(member(row)) : Optional.empty();
                }
            }
        });
    }

    private StaffMember member(ResultSet row) throws SQLException {
        Instant locked = row.getString(6) == null ? null : Instant.parse(row.getString(6));
        return new StaffMember(row.getString(1), row.getString(2), Role.fromId(row.getString(3)), row.getBoolean(4),
                row.getString(5) != null, Optional.ofNullable(locked).filter(clock.instant()::isBefore),
                Instant.parse(row.getString(7)));
    }

    /** What sign-in needs of a row. */
    record Stored(String username, String displayName, Role role, String passwordHash, int kekVersion,
                  byte[] wrappedKey, byte[] totpSecret, long totpLastStep, int failedAttempts,
                  Instant retryAfter, Instant lockedUntil, boolean disabled) {
        Actor actor() {
            return new Actor(username, role, displayName);
        }
    }

    Optional<Stored> stored(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT username, display_name, role,"
                    + " password_hash, kek_version, wrapped_key, totp_secret, totp_last_step, failed_attempts,"
                    + " retry_after, locked_until, disabled_at FROM staff WHERE username = ?")) {
                query.setString(1, username.strip().toLowerCase(Locale.ROOT));
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(row.getString(1), row.getString(2), Role.fromId(row.getString(3)),
                            row.getString(4), row.getInt(5), row.getBytes(6), row.getBytes(7), row.getLong(8),
                            row.getInt(9), instant(row.getString(10)), instant(row.getString(11)),
                            row.getString(12) != null));
                }
            }
        });
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    void insert(Connection connection, NewStaff person, String passwordHash) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM staff WHERE username = ?")) {
            exists.setString(1, person.username());
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    throw new Conflict("username_taken", "that username is taken");
                }
            }
        }
        // The row's own data key, for its TOTP secret; made now so that the row always has one to rotate.
        KeyRing.Wrapped wrapped = keys.wrap(Aead.newKey(), StaffAccounts.WRAPPED_KEYS.idPrefix() + person.username());
        String now = clock.instant().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff (username, display_name, role,"
                + " password_hash, kek_version, wrapped_key, created_at, password_changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, person.username());
            insert.setString(2, person.displayName());
            insert.setString(3, person.role().id());
            insert.setString(4, passwordHash);
            insert.setInt(5, wrapped.kekVersion());
            insert.setBytes(6, wrapped.key());
            insert.setString(7, now);
            insert.setString(8, now);
            insert.executeUpdate();
        }
    }

    void setPassword(Connection connection, String username, String hash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ?,"
                + " password_changed_at = ?, failed_attempts = 0, retry_after = NULL, locked_until = NULL"
                + " WHERE username = ?")) {
            update.setString(1, hash);
            update.setString(2, clock.instant().toString());
            update.setString(3, username);
            update.executeUpdate();
        }
    }
}
