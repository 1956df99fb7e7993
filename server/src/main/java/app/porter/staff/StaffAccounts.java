package app.porter.staff;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import app.porter.access.Actor;
import app.porter.access.AdminTokens;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
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
 *
 * <p>This class is the public face and holds the rules: who may do what, and what is audited. The work behind it
 * lives in three package-private classes, so that each can be read on its own: {@link StaffRows} (the {@code staff}
 * rows and their SQL), {@link SecondFactor} (sealed TOTP secrets and recovery codes) and {@link SignInChecks} (the
 * sign-in path with its delay and lockout).
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

    private final Database database;
    private final AdminTokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final PasswordHash cost;
    /** The staff table's rows and their SQL. */
    private final StaffRows rows;
    /** TOTP secrets (sealed) and recovery codes. */
    private final SecondFactor secondFactor;
    /** Console sign-in with its progressive delay and lockout. */
    private final SignInChecks signInChecks;

    public StaffAccounts(Database database, KeyRing keys, AdminTokens tokens, AuditLog audit, Clock clock) {
        this(database, keys, tokens, audit, clock, PasswordHash.DEFAULT);
    }

    public StaffAccounts(Database database, KeyRing keys, AdminTokens tokens, AuditLog audit, Clock clock,
                         PasswordHash cost) {
        this.database = database;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.cost = cost;
        this.rows = new StaffRows(database, keys, clock);
        this.secondFactor = new SecondFactor(database, keys);
        this.signInChecks = new SignInChecks(database, audit, clock, cost, rows, secondFactor);
    }

    /** Whether no account exists yet: then the bootstrap token sets up the first admin. */
    public boolean none() {
        return rows.none();
    }

    /** Everyone, by username; admins only. */
    public List<StaffMember> list(Actor actor) {
        actor.require("listing staff", Role.ADMIN);
        return rows.list();
    }

    /** The account {@code username}, whoever asks (the admin socket resolves a token's person with it). */
    public Optional<StaffMember> find(String username) {
        return rows.find(username);
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
            rows.insert(connection, person, hash);
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
        OptionalLong step = Totp.match(secret, SecondFactor.strip(code), clock.instant(), 0);
        if (step.isEmpty()) {
            throw new InvalidInput("that code does not match the authenticator: check the phone's clock and try the"
                    + " next code");
        }
        String hash = cost.hash(person.password());
        List<String> codes = SecondFactor.newRecoveryCodes();
        database.transaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM staff")) {
                row.next();
                if (row.getInt(1) > 0) {
                    throw new Conflict("the first admin has been set up already: sign in with a staff account");
                }
            }
            rows.insert(connection, person, hash);
            secondFactor.storeSecondFactor(connection, person.username(), secret, step.getAsLong(), codes);
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
        OptionalLong step = Totp.match(secret, SecondFactor.strip(code), clock.instant(), 0);
        if (step.isEmpty()) {
            throw new InvalidInput("that code does not match the authenticator: check the phone's clock and try the"
                    + " next code");
        }
        List<String> codes = SecondFactor.newRecoveryCodes();
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
            secondFactor.storeSecondFactor(connection, member.username(), secret, step.getAsLong(), codes);
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
        return signInChecks.signIn(username, password, secondFactor);
    }

    /** The signed-in person changes their own password, proving the current one. */
    public void changePassword(Actor self, String current, String next) {
        StaffRows.Stored account = rows.stored(self.who()).filter(a -> !a.disabled())
                .orElseThrow(() -> new NotFound("no such account"));
        if (current == null || !PasswordHash.verify(current, account.passwordHash())) {
            throw new InvalidInput("the current password is wrong");
        }
        NewStaff.checkPassword(next);
        String hash = cost.hash(next);
        database.transaction(connection -> {
            rows.setPassword(connection, account.username(), hash);
            audit.append(connection, self.who(), "staff.password.changed", account.username(), null);
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
            rows.setPassword(connection, member.username(), hash);
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

    private StaffMember existing(String username) {
        return find(username).orElseThrow(() -> new NotFound("no such member of staff"));
    }
}
