package app.porter.staff;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import app.porter.access.Actor;
import app.porter.access.AdminTokens;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.errors.NotPermitted;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The people who run Porter: their accounts, console sign-in (password and a TOTP code, or a recovery code), their
 * admin-API tokens. Every change is audited under the person who made it; failed sign-ins are audited and logged
 * with the account's name, never with what was typed.
 *
 * <p>Sign-in is throttled per account: after {@link #FREE_FAILURES} failures in a row each further attempt must
 * wait twice as long as the one before (1 s, 2 s, 4 s ...), and after {@link #LOCK_AFTER} the account is locked for
 * {@link #LOCK_FOR}. An attempt made while it must wait is not checked at all, so waiting cannot be skipped by
 * guessing faster. A successful sign-in, or a password reset by an admin, clears the count.
 */
public final class StaffAccounts {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("staff", 1));
    /** The data keys that encrypt TOTP secrets, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("staff", "username",
            "staff:");
    public static final int FREE_FAILURES = 3;
    public static final int LOCK_AFTER = 10;
    public static final Duration LOCK_FOR = Duration.ofMinutes(15);
    public static final int RECOVERY_CODES = 10;
    /** Issuer in authenticator apps. */
    public static final String ISSUER = "Porter";

    private static final Logger LOG = System.getLogger(StaffAccounts.class.getName());
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final KeyRing keys;
    private final AdminTokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final PasswordHash cost;
    /** Verified against when the username is unknown, so that the answer takes as long as for a known one. */
    private final String decoy;

    public StaffAccounts(Database database, KeyRing keys, AdminTokens tokens, AuditLog audit, Clock clock) {
        this(database, keys, tokens, audit, clock, PasswordHash.DEFAULT);
    }

    public StaffAccounts(Database database, KeyRing keys, AdminTokens tokens, AuditLog audit, Clock clock,
                         PasswordHash cost) {
        this.database = database;
        this.keys = keys;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.cost = cost;
        this.decoy = cost.hash("not anybody's password");
    }

    /** Whether no account exists yet: then the bootstrap token sets up the first admin. */
    public boolean none() {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM staff")) {
                row.next();
                return row.getInt(1) == 0;
            }
        });
    }

    /** Everyone, by username; admins only. */
    public List<StaffMember> list(Actor actor) {
        actor.require("listing staff", Role.ADMIN);
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

    /** The account {@code username}, whoever asks (the admin socket resolves a token's person with it). */
    public Optional<StaffMember> find(String username) {
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

    /** The person's account as services take it, when it exists and is not disabled. */
    public Optional<Actor> activeActor(String username) {
        return find(username).filter(m -> !m.disabled()).map(StaffMember::actor);
    }

    /**
     * Adds a member of staff (admins only). They enrol an authenticator at their first console sign-in; until then
     * they can use only the API tokens an admin makes for them.
     */
    public StaffMember create(Actor actor, NewStaff person) {
        actor.require("adding staff", Role.ADMIN);
        String hash = cost.hash(person.password()); // outside the database lock: it takes a while on purpose
        database.transaction(connection -> {
            insert(connection, person, hash);
            audit.append(connection, actor.who(), "staff.created", person.username(), "role " + person.role().id());
            return null;
        });
        return find(person.username()).orElseThrow();
    }

    /**
     * The first admin, made with the bootstrap token while no account exists: the account and its authenticator
     * ({@code secret}, proven by {@code code}) in one step, so that the first admin is never without a second
     * factor. Returns their recovery codes, to be shown once.
     *
     * @throws Conflict when an account exists already
     */
    public List<String> createFirstAdmin(Actor bootstrap, NewStaff person, byte[] secret, String code) {
        bootstrap.require("setting up the first admin", Role.ADMIN);
        if (person.role() != Role.ADMIN) {
            throw new InvalidInput("the first account is an admin");
        }
        OptionalLong step = Totp.match(secret, strip(code), clock.instant(), 0);
        if (step.isEmpty()) {
            throw new InvalidInput("that code does not match the authenticator: check the phone's clock and try the"
                    + " next code");
        }
        String hash = cost.hash(person.password());
        List<String> codes = newRecoveryCodes();
        database.transaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM staff")) {
                row.next();
                if (row.getInt(1) > 0) {
                    throw new Conflict("the first admin has been set up already: sign in with a staff account");
                }
            }
            insert(connection, person, hash);
            storeSecondFactor(connection, person.username(), secret, step.getAsLong(), codes);
            audit.append(connection, bootstrap.who(), "staff.created", person.username(), "first admin");
            audit.append(connection, person.username(), "staff.totp.enrolled", person.username(), null);
            return null;
        });
        return codes;
    }

    /**
     * Enrols {@code username}'s authenticator ({@code secret}, proven by {@code code}) and returns their recovery
     * codes, to be shown once. Only for an account without one: the console calls this right after
     * {@link #signIn} answered {@link SignIn.NeedsEnrolment} for the same person.
     */
    public List<String> enrol(String username, byte[] secret, String code) {
        StaffMember member = find(username).filter(m -> !m.disabled())
                .orElseThrow(() -> new NotFound("no such account"));
        if (member.enrolled()) {
            throw new Conflict("an authenticator is enrolled already; an admin can reset it");
        }
        OptionalLong step = Totp.match(secret, strip(code), clock.instant(), 0);
        if (step.isEmpty()) {
            throw new InvalidInput("that code does not match the authenticator: check the phone's clock and try the"
                    + " next code");
        }
        List<String> codes = newRecoveryCodes();
        database.transaction(connection -> {
            // Checked again in the transaction: two tabs enrolling at once must not both win.
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM staff WHERE username = ? AND totp_secret IS NOT NULL")) {
                query.setString(1, member.username());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        throw new Conflict("an authenticator is enrolled already; an admin can reset it");
                    }
                }
            }
            storeSecondFactor(connection, member.username(), secret, step.getAsLong(), codes);
            audit.append(connection, member.username(), "staff.totp.enrolled", member.username(), null);
            return null;
        });
        return codes;
    }

    /**
     * A console sign-in: password, then a TOTP code or one of the person's unused recovery codes. Throttled per
     * account (see the class comment).
     */
    public SignIn signIn(String username, String password, String secondFactor) {
        Instant now = clock.instant();
        Optional<Stored> found = stored(username);
        if (found.isEmpty() || found.get().disabled) {
            PasswordHash.verify(password == null ? "" : password, decoy); // the same time as a known account
            // The typed name is not logged: people type their password into the username field.
            LOG.log(Level.INFO, "console sign-in refused: no such active account");
            return new SignIn.Refused();
        }
        Stored account = found.get();
        if (account.lockedUntil != null && now.isBefore(account.lockedUntil)) {
            return new SignIn.TryLater(Duration.between(now, account.lockedUntil), true);
        }
        if (account.retryAfter != null && now.isBefore(account.retryAfter)) {
            return new SignIn.TryLater(Duration.between(now, account.retryAfter), false);
        }
        if (password == null || !PasswordHash.verify(password, account.passwordHash)) {
            return failed(account, now);
        }
        if (account.totpSecret == null) {
            return new SignIn.NeedsEnrolment(account.username);
        }
        String factor = strip(secondFactor);
        byte[] secret = secret(account);
        OptionalLong step = Totp.match(secret, factor, now, account.totpLastStep);
        String method;
        if (step.isPresent()) {
            method = "password+totp";
        } else if (useRecoveryCode(account.username, factor, now)) {
            method = "password+recovery-code";
        } else {
            return failed(account, now);
        }
        database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET failed_attempts = 0,"
                    + " retry_after = NULL, locked_until = NULL, totp_last_step = MAX(totp_last_step, ?)"
                    + " WHERE username = ?")) {
                update.setLong(1, step.orElse(0));
                update.setString(2, account.username);
                return update.executeUpdate();
            }
        });
        return new SignIn.SignedIn(account.actor(), method);
    }

    /** The signed-in person changes their own password, proving the current one. */
    public void changePassword(Actor self, String current, String next) {
        Stored account = stored(self.who()).filter(a -> !a.disabled)
                .orElseThrow(() -> new NotFound("no such account"));
        if (current == null || !PasswordHash.verify(current, account.passwordHash)) {
            throw new InvalidInput("the current password is wrong");
        }
        NewStaff.checkPassword(next);
        String hash = cost.hash(next);
        database.transaction(connection -> {
            setPassword(connection, account.username, hash);
            audit.append(connection, self.who(), "staff.password.changed", account.username, null);
            return null;
        });
    }

    /** An admin sets someone's password (they forgot it); this also lifts a lock. */
    public void resetPassword(Actor admin, String username, String next) {
        admin.require("resetting a password", Role.ADMIN);
        StaffMember member = existing(username);
        NewStaff.checkPassword(next);
        String hash = cost.hash(next);
        database.transaction(connection -> {
            setPassword(connection, member.username(), hash);
            audit.append(connection, admin.who(), "staff.password.reset", member.username(), null);
            return null;
        });
    }

    /**
     * An admin removes someone's authenticator and recovery codes (a lost phone): they enrol a new one at their
     * next sign-in, which still needs their password.
     */
    public void resetSecondFactor(Actor admin, String username) {
        admin.require("resetting a second factor", Role.ADMIN);
        StaffMember member = existing(username);
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff SET totp_secret = NULL, totp_last_step = 0 WHERE username = ?");
                 PreparedStatement codes = connection.prepareStatement(
                         "DELETE FROM staff_recovery_codes WHERE username = ?")) {
                update.setString(1, member.username());
                update.executeUpdate();
                codes.setString(1, member.username());
                codes.executeUpdate();
            }
            audit.append(connection, admin.who(), "staff.totp.reset", member.username(), null);
            return null;
        });
    }

    /** An admin disables an account: it can no longer sign in and its API tokens are revoked. */
    public void disable(Actor admin, String username) {
        admin.require("disabling staff", Role.ADMIN);
        StaffMember member = existing(username);
        if (member.username().equals(admin.who())) {
            throw new Conflict("you cannot disable your own account");
        }
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff SET disabled_at = ? WHERE username = ? AND disabled_at IS NULL")) {
                update.setString(1, clock.instant().toString());
                update.setString(2, member.username());
                update.executeUpdate();
            }
            int revoked = tokens.revokeAllForStaff(member.username());
            audit.append(connection, admin.who(), "staff.disabled", member.username(), revoked + " tokens revoked");
            return null;
        });
    }

    /** An admin enables a disabled account again (its old tokens stay revoked). */
    public void enable(Actor admin, String username) {
        admin.require("enabling staff", Role.ADMIN);
        StaffMember member = existing(username);
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff SET disabled_at = NULL WHERE username = ?")) {
                update.setString(1, member.username());
                update.executeUpdate();
            }
            audit.append(connection, admin.who(), "staff.enabled", member.username(), null);
            return null;
        });
    }

    /** A new admin-API token acting as {@code username}, with their role (admins only); shown once. */
    public AdminTokens.Issued issueToken(Actor admin, String username) {
        admin.require("creating API tokens", Role.ADMIN);
        StaffMember member = existing(username);
        if (member.disabled()) {
            throw new Conflict("the account is disabled");
        }
        return database.transaction(connection -> {
            AdminTokens.Issued issued = tokens.createForStaff(member.username(), member.role());
            audit.append(connection, admin.who(), "access.token.created", issued.id(), "for " + member.username());
            return issued;
        });
    }

    /** The API tokens acting as {@code username} (ids and dates, never the tokens); admins only. */
    public List<AdminTokens.StaffToken> tokens(Actor admin, String username) {
        admin.require("listing API tokens", Role.ADMIN);
        return tokens.listForStaff(existing(username).username());
    }

    /** Revokes one of {@code username}'s API tokens; admins only. */
    public void revokeToken(Actor admin, String username, String tokenId) {
        admin.require("revoking API tokens", Role.ADMIN);
        StaffMember member = existing(username);
        database.transaction(connection -> {
            if (!tokens.revokeForStaff(member.username(), tokenId)) {
                throw new NotFound("no such token");
            }
            audit.append(connection, admin.who(), "access.token.revoked", tokenId, "of " + member.username());
            return null;
        });
    }

    // ---- internals ----

    private static final String SELECT = "SELECT username, display_name, role, totp_secret IS NOT NULL,"
            + " disabled_at, locked_until, created_at FROM staff";

    private StaffMember member(ResultSet row) throws SQLException {
        Instant locked = row.getString(6) == null ? null : Instant.parse(row.getString(6));
        return new StaffMember(row.getString(1), row.getString(2), Role.fromId(row.getString(3)), row.getBoolean(4),
                row.getString(5) != null, Optional.ofNullable(locked).filter(clock.instant()::isBefore),
                Instant.parse(row.getString(7)));
    }

    private StaffMember existing(String username) {
        return find(username).orElseThrow(() -> new NotFound("no such member of staff"));
    }

    /** What sign-in needs of a row. */
    private record Stored(String username, String displayName, Role role, String passwordHash, int kekVersion,
                          byte[] wrappedKey, byte[] totpSecret, long totpLastStep, int failedAttempts,
                          Instant retryAfter, Instant lockedUntil, boolean disabled) {
        Actor actor() {
            return new Actor(username, role, displayName);
        }
    }

    private Optional<Stored> stored(String username) {
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

    private void insert(Connection connection, NewStaff person, String passwordHash) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM staff WHERE username = ?")) {
            exists.setString(1, person.username());
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    throw new Conflict("username_taken", "that username is taken");
                }
            }
        }
        // The row's own data key, for its TOTP secret; made now so that the row always has one to rotate.
        KeyRing.Wrapped wrapped = keys.wrap(Aead.newKey(), WRAPPED_KEYS.idPrefix() + person.username());
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

    private void storeSecondFactor(Connection connection, String username, byte[] secret, long usedStep,
                                   List<String> recoveryCodes) throws SQLException {
        int kekVersion;
        byte[] wrappedKey;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT kek_version, wrapped_key FROM staff WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                kekVersion = row.getInt(1);
                wrappedKey = row.getBytes(2);
            }
        }
        byte[] dataKey = keys.unwrap(kekVersion, wrappedKey, WRAPPED_KEYS.idPrefix() + username);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE staff SET totp_secret = ?, totp_last_step = ? WHERE username = ?");
             PreparedStatement clear = connection.prepareStatement(
                     "DELETE FROM staff_recovery_codes WHERE username = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO staff_recovery_codes (username, code_hash) VALUES (?, ?)")) {
            update.setBytes(1, Aead.encrypt(dataKey, secret, secretAad(username)));
            update.setLong(2, usedStep); // the code just used to enrol cannot sign in again
            update.setString(3, username);
            update.executeUpdate();
            clear.setString(1, username);
            clear.executeUpdate();
            for (String code : recoveryCodes) {
                insert.setString(1, username);
                insert.setBytes(2, recoveryDigest(code));
                insert.executeUpdate();
            }
        }
    }

    private byte[] secret(Stored account) {
        byte[] dataKey = keys.unwrap(account.kekVersion, account.wrappedKey, WRAPPED_KEYS.idPrefix() + account.username);
        return Aead.decrypt(dataKey, account.totpSecret, secretAad(account.username));
    }

    /** The secret is bound to its row: copied into another person's row it does not decrypt. */
    private static byte[] secretAad(String username) {
        return ("staff-totp:" + username).getBytes(StandardCharsets.UTF_8);
    }

    private boolean useRecoveryCode(String username, String code, Instant now) {
        String normal = code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (normal.length() != 10) {
            return false;
        }
        return database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff_recovery_codes SET used_at = ?"
                    + " WHERE username = ? AND code_hash = ? AND used_at IS NULL")) {
                update.setString(1, now.toString());
                update.setString(2, username);
                update.setBytes(3, recoveryDigest(normal));
                return update.executeUpdate() == 1;
            }
        });
    }

    private SignIn failed(Stored account, Instant now) {
        int failures = account.failedAttempts + 1;
        Instant retryAfter = null;
        Instant lockedUntil = null;
        if (failures >= LOCK_AFTER) {
            lockedUntil = now.plus(LOCK_FOR);
        } else if (failures > FREE_FAILURES) {
            retryAfter = now.plusSeconds(1L << (failures - FREE_FAILURES - 1));
        }
        Instant retry = retryAfter;
        Instant lock = lockedUntil;
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET failed_attempts = ?,"
                    + " retry_after = ?, locked_until = ? WHERE username = ?")) {
                update.setInt(1, failures);
                update.setString(2, retry == null ? null : retry.toString());
                update.setString(3, lock == null ? null : lock.toString());
                update.setString(4, account.username);
                update.executeUpdate();
            }
            audit.append(connection, "system", "staff.signin.failed", account.username,
                    failures + " failed in a row");
            if (lock != null) {
                audit.append(connection, "system", "staff.locked", account.username,
                        "locked for " + LOCK_FOR.toMinutes() + " minutes after " + failures + " failed sign-ins");
            }
            return null;
        });
        LOG.log(lock != null ? Level.WARNING : Level.INFO, "console sign-in failed for " + account.username + " ("
                + failures + " in a row" + (lock != null ? "; locked for " + LOCK_FOR.toMinutes() + " minutes" : "")
                + ")");
        if (lock != null) {
            return new SignIn.TryLater(LOCK_FOR, true);
        }
        return new SignIn.Refused();
    }

    private void setPassword(Connection connection, String username, String hash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ?,"
                + " password_changed_at = ?, failed_attempts = 0, retry_after = NULL, locked_until = NULL"
                + " WHERE username = ?")) {
            update.setString(1, hash);
            update.setString(2, clock.instant().toString());
            update.setString(3, username);
            update.executeUpdate();
        }
    }

    /** Ten codes of ten characters from a 31-letter alphabet: about 49 bits each, shown as {@code abcde-fghjk}. */
    private static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                if (j == 5) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    private static byte[] recoveryDigest(String code) {
        String normal = code.replace("-", "").toLowerCase(Locale.ROOT);
        try {
            return MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String strip(String code) {
        return code == null ? "" : code.replace(" ", "").strip();
    }
}
