package app.porter.staff;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.AdminTokens;
import app.porter.access.Role;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotPermitted;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staff accounts on a real SQLite file with real keys and audit log, on a clock the test moves: enrolment, sign-in
 * with TOTP and recovery codes, progressive delay and lockout, password change and reset, and what reaches the log.
 */
class StaffAccountsTest {

    private static final Actor BOOTSTRAP = new Actor("bootstrap", Role.ADMIN);
    private static final String PASSWORD = "first admin's long password";

    @TempDir
    Path dataDir;
    private MasterKey master;
    private Database database;
    private AuditLog audit;
    private StaffAccounts staff;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void open() throws Exception {
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, AdminTokens.MIGRATIONS, KeyRing.MIGRATIONS,
                StaffAccounts.MIGRATIONS).flatMap(List<Migration>::stream).toList());
        KeyRing keys = KeyRing.open(database, master, clock);
        audit = new AuditLog(database, clock);
        staff = new StaffAccounts(database, keys, new AdminTokens(database, clock), audit, clock);
        Logger.getLogger(StaffAccounts.class.getName()).addHandler(capture);
    }

    @AfterEach
    void close() {
        Logger.getLogger(StaffAccounts.class.getName()).removeHandler(capture);
        database.close();
        master.close();
    }

    /** Sets up the first admin and returns their authenticator secret. */
    private byte[] firstAdmin(List<String> recoveryCodes) {
        byte[] secret = Totp.newSecret();
        recoveryCodes.addAll(staff.createFirstAdmin(BOOTSTRAP, new NewStaff("Sam", "Sam Ortiz", Role.ADMIN, PASSWORD),
                secret, Totp.code(secret, Totp.step(clock.instant()))));
        return secret;
    }

    private String codeNow(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    private String codeNextStep(byte[] secret) {
        clock.advance(Duration.ofSeconds(Totp.PERIOD_SECONDS));
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    @Test
    void firstAdminSignsInWithPasswordAndTotp() {
        assertTrue(staff.none());
        List<String> codes = new ArrayList<>();
        byte[] secret = firstAdmin(codes);
        assertFalse(staff.none());
        assertEquals(StaffAccounts.RECOVERY_CODES, codes.size());

        // The code used to enrol is spent; the next one signs in, once.
        String enrolCode = Totp.code(secret, Totp.step(clock.instant()));
        assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", PASSWORD, enrolCode));
        String next = codeNextStep(secret);
        SignIn.SignedIn in = assertInstanceOf(SignIn.SignedIn.class, staff.signIn("SAM", PASSWORD, next));
        assertEquals(new Actor("sam", Role.ADMIN, "Sam Ortiz"), in.actor());
        assertEquals("password+totp", in.method());
        assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", PASSWORD, next), "a code works once");

        assertThrows(Conflict.class, () -> staff.createFirstAdmin(BOOTSTRAP,
                new NewStaff("eve", "Eve", Role.ADMIN, PASSWORD), secret, codeNextStep(secret)));
        List<String> actions = audit.recent(10).stream().map(e -> e.actor() + " " + e.action()).toList();
        assertTrue(actions.contains("bootstrap staff.created"), actions.toString());
        assertTrue(actions.contains("sam staff.totp.enrolled"), actions.toString());
    }

    @Test
    void aWrongCodeAtSetUpCreatesNobody() {
        byte[] secret = Totp.newSecret();
        assertThrows(InvalidInput.class, () -> staff.createFirstAdmin(BOOTSTRAP,
                new NewStaff("sam", "Sam", Role.ADMIN, PASSWORD), secret, "000000".equals(
                        Totp.code(secret, Totp.step(clock.instant()))) ? "111111" : "000000"));
        assertTrue(staff.none());
    }

    @Test
    void aRecoveryCodeSignsInOnce() {
        List<String> codes = new ArrayList<>();
        firstAdmin(codes);
        SignIn.SignedIn in = assertInstanceOf(SignIn.SignedIn.class,
                staff.signIn("sam", PASSWORD, codes.get(3).toUpperCase()));
        assertEquals("password+recovery-code", in.method());
        assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", PASSWORD, codes.get(3)), "used once");
        assertInstanceOf(SignIn.SignedIn.class, staff.signIn("sam", PASSWORD, codes.get(4).replace("-", "")));
        assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", "not the password at all", codes.get(5)),
                "a recovery code does not stand in for the password");
    }

    @Test
    void failuresSlowDownThenLockAndNothingTypedIsLogged() {
        List<String> codes = new ArrayList<>();
        byte[] secret = firstAdmin(codes);
        String wrong = "wrong-password-typed-by-someone";
        for (int i = 1; i <= StaffAccounts.FREE_FAILURES; i++) {
            assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", wrong, "123456"), "failure " + i);
        }
        // From the fourth failure on, each must wait twice as long before anything is checked: 1 s, 2 s, 4 s ...
        long expectedWait = 1;
        for (int failure = StaffAccounts.FREE_FAILURES + 1; failure < StaffAccounts.LOCK_AFTER; failure++) {
            assertInstanceOf(SignIn.Refused.class, staff.signIn("sam", wrong, "123456"), "failure " + failure);
            SignIn.TryLater wait = assertInstanceOf(SignIn.TryLater.class,
                    staff.signIn("sam", PASSWORD, codeNow(secret)), "even the right password waits");
            assertFalse(wait.locked());
            assertTrue(wait.retryAfter().toSeconds() <= expectedWait, wait.toString());
            clock.advance(Duration.ofSeconds(expectedWait));
            expectedWait *= 2;
        }
        SignIn.TryLater locked = assertInstanceOf(SignIn.TryLater.class, staff.signIn("sam", wrong, "123456"));
        assertTrue(locked.locked());
        assertEquals(StaffAccounts.LOCK_FOR, locked.retryAfter());
        assertTrue(staff.find("sam").orElseThrow().lockedUntil().isPresent());
        clock.advance(StaffAccounts.LOCK_FOR.minusSeconds(1));
        assertInstanceOf(SignIn.TryLater.class, staff.signIn("sam", PASSWORD, codeNow(secret)), "still locked");

        // An admin's password reset lifts the lock.
        staff.resetPassword(BOOTSTRAP, "sam", "a brand new long password");
        assertInstanceOf(SignIn.SignedIn.class, staff.signIn("sam", "a brand new long password",
                codeNextStep(secret)));

        List<AuditEntry> entries = audit.recent(50);
        assertEquals(StaffAccounts.LOCK_AFTER, entries.stream().filter(e -> e.action().equals("staff.signin.failed"))
                .count(), "every checked failure is audited; attempts made while waiting are not checked");
        assertEquals(1, entries.stream().filter(e -> e.action().equals("staff.locked")).count());
        assertTrue(logged.stream().anyMatch(m -> m.contains("locked")), logged.toString());
        for (String message : logged) {
            assertFalse(message.contains(wrong) || message.contains("123456") || message.contains(PASSWORD), message);
        }
        for (AuditEntry entry : entries) {
            assertFalse(String.valueOf(entry.detail()).contains(wrong), entry.toString());
        }
    }

    @Test
    void unknownNamesAreRefusedLikeWrongPasswordsAndNotLogged() {
        firstAdmin(new ArrayList<>());
        assertInstanceOf(SignIn.Refused.class, staff.signIn("typed-password-by-mistake", PASSWORD, "123456"));
        assertTrue(logged.stream().noneMatch(m -> m.contains("typed-password-by-mistake")), logged.toString());
    }

    @Test
    void newStaffEnrolAtFirstSignInAndChangeTheirPassword() {
        byte[] adminSecret = firstAdmin(new ArrayList<>());
        Actor sam = new Actor("sam", Role.ADMIN, "Sam Ortiz");
        staff.create(sam, new NewStaff("alex", "Alex Kim", Role.AGENT, "alex's first password"));
        assertEquals(new SignIn.NeedsEnrolment("alex"), staff.signIn("alex", "alex's first password", ""));

        byte[] secret = Totp.newSecret();
        assertThrows(InvalidInput.class, () -> staff.enrol("alex", secret, "12345"));
        List<String> codes = staff.enrol("alex", secret, Totp.code(secret, Totp.step(clock.instant())));
        assertEquals(StaffAccounts.RECOVERY_CODES, codes.size());
        assertThrows(Conflict.class, () -> staff.enrol("alex", Totp.newSecret(), "000000"), "enrolled once");
        SignIn.SignedIn in = assertInstanceOf(SignIn.SignedIn.class,
                staff.signIn("alex", "alex's first password", codeNextStep(secret)));
        Actor alex = in.actor();
        assertEquals(Role.AGENT, alex.role());

        assertThrows(NotPermitted.class, () -> staff.create(alex, new NewStaff("bob", "Bob", Role.ADMIN,
                "bob's long password")), "agents add nobody");
        assertThrows(NotPermitted.class, () -> staff.resetPassword(alex, "sam", "taking over sam's account"));
        assertThrows(InvalidInput.class, () -> staff.changePassword(alex, "not my password", "whatever long enough"));
        assertThrows(InvalidInput.class, () -> staff.changePassword(alex, "alex's first password", "short"));
        staff.changePassword(alex, "alex's first password", "alex's second password");
        assertInstanceOf(SignIn.Refused.class, staff.signIn("alex", "alex's first password", codeNextStep(secret)));
        assertInstanceOf(SignIn.SignedIn.class, staff.signIn("alex", "alex's second password", codeNextStep(secret)));

        // Disabled: no sign-in, even with everything right.
        staff.disable(sam, "alex");
        assertInstanceOf(SignIn.Refused.class, staff.signIn("alex", "alex's second password", codeNextStep(secret)));
        assertThrows(Conflict.class, () -> staff.disable(sam, "sam"), "nobody disables themselves");
        assertTrue(staff.activeActor("alex").isEmpty());
        assertTrue(staff.activeActor("sam").isPresent());
        assertTrue(adminSecret.length > 0);
    }
}
