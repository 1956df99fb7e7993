package app.porter.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.porter.crypto.BearerTokens;
import app.porter.crypto.SecretFiles;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Bearer tokens for the admin socket and the console. Only SHA-256 digests are stored; a token is shown once,
 * when it is created.
 */
public final class AdminTokens {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("access", 1), Migration.of("access", 2));
    public static final String BOOTSTRAP_FILE = "bootstrap-admin-token";

    private final Database database;
    private final Clock clock;

    /** Takes no audit log: access sits below audit, so whoever creates a token audits it ({@link Bootstrap}). */
    public AdminTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * What first start did about the first admin token.
     *
     * @param tokenId the new token's id when one was created (for the audit entry), else empty
     */
    public record Bootstrap(boolean created, Optional<String> tokenId, Optional<Path> writtenTo,
                            Optional<String> token) {
        static Bootstrap none() {
            return new Bootstrap(false, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * On first start (no tokens yet) creates the first admin token: {@code configuredToken} when given (from
     * {@code PORTER_BOOTSTRAP_TOKEN}), otherwise a random one written once to {@code <dataDir>/bootstrap-admin-token}
     * with mode 0600. Does nothing when a token already exists.
     */
    public Bootstrap bootstrap(Optional<String> configuredToken, Path dataDir) throws IOException {
        if (count() > 0) {
            return Bootstrap.none();
        }
        if (configuredToken.isPresent()) {
            String token = configuredToken.get().strip();
            if (token.length() < 16) {
                throw new IllegalArgumentException("PORTER_BOOTSTRAP_TOKEN must be at least 16 characters");
            }
            String id = create("bootstrap", Role.ADMIN, token);
            return new Bootstrap(true, Optional.of(id), Optional.empty(), Optional.empty());
        }
        String token = BearerTokens.newToken();
        Path file = dataDir.resolve(BOOTSTRAP_FILE);
        Files.deleteIfExists(file); // a stale file from a wiped database must not shadow the new token
        SecretFiles.createOwnerOnly(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        String id = create("bootstrap", Role.ADMIN, token);
        return new Bootstrap(true, Optional.of(id), Optional.of(file), Optional.of(token));
    }

    /** The principal for {@code token}, if it is a known token. */
    public Optional<AdminPrincipal> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = BearerTokens.digest(token.strip());
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, name, role, staff FROM admin_tokens WHERE token_hash = ?")) {
                query.setBytes(1, digest);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new AdminPrincipal(row.getString(1), row.getString(2),
                            Role.fromId(row.getString(3)), Optional.ofNullable(row.getString(4))));
                }
            }
        });
    }

    public int count() {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM admin_tokens")) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    /** A token just made: its id (for lists and the audit log) and the token itself, shown this once. */
    public record Issued(String id, String token) {
    }

    /** A token acting as a member of staff, as listed (never the token itself). */
    public record StaffToken(String id, String staff, Instant createdAt) {
    }

    /**
     * A new token acting as {@code username}. Whoever calls this checks the caller's role and audits it
     * ({@code staff.StaffAccounts}); the role stored here is what the person held then, the admin socket uses
     * the person's current one.
     */
    public Issued createForStaff(String username, Role role) {
        String token = BearerTokens.newToken();
        return new Issued(insert(username, role, token, username), token);
    }

    /** The tokens acting as {@code username}, oldest first. */
    public List<StaffToken> listForStaff(String username) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, created_at FROM admin_tokens WHERE staff = ? ORDER BY created_at, id")) {
                query.setString(1, username);
                List<StaffToken> tokens = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        tokens.add(new StaffToken(row.getString(1), username, Instant.parse(row.getString(2))));
                    }
                }
                return tokens;
            }
        });
    }

    /** Revokes token {@code id} of {@code username}; false when they hold no such token. */
    public boolean revokeForStaff(String username, String id) {
        return database.read(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM admin_tokens WHERE staff = ? AND id = ?")) {
                delete.setString(1, username);
                delete.setString(2, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** Revokes every token of {@code username} (their account was disabled); how many there were. */
    public int revokeAllForStaff(String username) {
        return database.read(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM admin_tokens WHERE staff = ?")) {
                delete.setString(1, username);
                return delete.executeUpdate();
            }
        });
    }

    /** Stores a token's digest; returns the new token's id. */
    private String create(String name, Role role, String token) {
        return insert(name, role, token, null);
    }

    private String insert(String name, Role role, String token, String staff) {
        String id = UUID.randomUUID().toString();
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO admin_tokens"
                    + " (id, name, role, token_hash, created_at, staff) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, name);
                insert.setString(3, role.id());
                insert.setBytes(4, BearerTokens.digest(token));
                insert.setString(5, clock.instant().toString());
                insert.setString(6, staff);
                return insert.executeUpdate();
            }
        });
        return id;
    }
}
