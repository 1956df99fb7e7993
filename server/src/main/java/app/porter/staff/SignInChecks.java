package app.porter.staff;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import app.porter.audit.AuditLog;
import app.porter.store.Database;

/**
 * A console sign-in, checked: password, then a TOTP code or a recovery code, behind the per-account progressive delay
 * and lockout that {@link StaffAccounts} describes ({@link StaffAccounts#FREE_FAILURES},
 * {@link StaffAccounts#LOCK_AFTER}, {@link StaffAccounts#LOCK_FOR}).
 *
 * <p>Kept apart from {@link StaffAccounts} because it is the one path an unauthenticated caller reaches: the timing
 * decoy, the failure count and what is (and is not) logged about a refusal are easier to review together.
 */
final class SignInChecks {

    /** Under {@link StaffAccounts}' name: the log lines are the same as before the split, so are their filters. */
    private static final Logger LOG = System.getLogger(StaffAccounts.class.getName());

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final StaffRows rows;
    private final SecondFactor secondFactor;
    /**
     * Verified against when the username is unknown, so that the answer takes as long as for a known one. Hashed in
     * the background: an Argon2id hash is not something the appliance's start should wait for.
     */
    private final CompletableFuture<String> decoy;

    SignInChecks(Database database, AuditLog audit, Clock clock, PasswordHash cost, StaffRows rows,
                 SecondFactor secondFactor) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.rows = rows;
        this.secondFactor = secondFactor;
        this.decoy = CompletableFuture.supplyAsync(() -> cost.hash("not anybody's password"),
                task -> Thread.ofPlatform().daemon().name("sign-in-decoy").start(task));
    }

    /** See {@link StaffAccounts#signIn}. */
    SignIn signIn(String username, String password, String secondFactorCode) {
        Instant now = clock.instant();
        Optional<StaffRows.Stored> found = rows.stored(username);
        if (found.isEmpty() || found.get().disabled()) {
            PasswordHash.verify(password == null ? "" : password, decoy.join()); // the same time as a known account
            // The typed name is not logged: people type their password into the username field.
            LOG.log(Level.INFO, "console sign-in refused: no such active account");
            return new SignIn.Refused();
        }
        StaffRows.Stored account = found.get();
        if (account.lockedUntil() != null && now.isBefore(account.lockedUntil())) {
            return new SignIn.TryLater(Duration.between(now, account.lockedUntil()), true);
        }
        if (account.retryAfter() != null && now.isBefore(account.retryAfter())) {
            return new SignIn.TryLater(Duration.between(now, account.retryAfter()), false);
        }
        if (password == null || !PasswordHash.verify(password, account.passwordHash())) {
            return failed(account, now);
        }
        if (account.totpSecret() == null) {
            return new SignIn.NeedsEnrolment(account.username());
        }
        String factor = SecondFactor.strip(secondFactorCode);
        byte[] secret = secondFactor.secret(account);
        OptionalLong step = Totp.match(secret, factor, now, account.totpLastStep());
        String method;
        if (step.isPresent()) {
            method = "password+totp";
        } else if (secondFactor.useRecoveryCode(account.username(), factor, now)) {
            method = "password+recovery-code";
        } else {
            return failed(account, now);
        }
        database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET failed_attempts = 0,"
                    + " retry_after = NULL, locked_until = NULL, totp_last_step = MAX(totp_last_step, ?)"
                    + " WHERE username = ?")) {
                update.setLong(1, step.orElse(0));
                update.setString(2, account.username());
                return update.executeUpdate();
            }
        });
        return new SignIn.SignedIn(account.actor(), method);
    }

    private SignIn failed(StaffRows.Stored account, Instant now) {
        int failures = account.failedAttempts() + 1;
        Instant retryAfter = null;
        Instant lockedUntil = null;
        if (failures >= StaffAccounts.LOCK_AFTER) {
            lockedUntil = now.plus(StaffAccounts.LOCK_FOR);
        } else if (failures > StaffAccounts.FREE_FAILURES) {
            retryAfter = now.plusSeconds(1L << (failures - StaffAccounts.FREE_FAILURES - 1));
        }
        Instant retry = retryAfter;
        Instant lock = lockedUntil;
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET failed_attempts = ?,"
                    + " retry_after = ?, locked_until = ? WHERE username = ?")) {
                update.setInt(1, failures);
                update.setString(2, retry == null ? null : retry.toString());
                update.setString(3, lock == null ? null : lock.toString());
                update.setString(4, account.username());
                update.executeUpdate();
            }
            audit.append(connection, "system", "staff.signin.failed", account.username(),
                    failures + " failed in a row");
            if (lock != null) {
                audit.append(connection, "system", "staff.locked", account.username(),
                        "locked for " + StaffAccounts.LOCK_FOR.toMinutes() + " minutes after " + failures
                                + " failed sign-ins");
            }
            return null;
        });
        LOG.log(lock != null ? Level.WARNING : Level.INFO, "console sign-in failed for " + account.username() + " ("
                + failures + " in a row" + (lock != null ? "; locked for " + StaffAccounts.LOCK_FOR.toMinutes()
                + " minutes" : "") + ")");
        if (lock != null) {
            return new SignIn.TryLater(StaffAccounts.LOCK_FOR, true);
        }
        return new SignIn.Refused();
    }
}
