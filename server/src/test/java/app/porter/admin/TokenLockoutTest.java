package app.porter.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.audit.AuditLog;
import app.porter.crypto.BearerTokens;
import app.porter.store.Database;
import app.porter.store.Migrator;

/** The steps of {@link TokenLockout} on a controllable clock, with a real audit log in a real SQLite file. */
class TokenLockoutTest {

    @TempDir
    Path dir;

    private static final byte[] GOOD = BearerTokens.digest("the operator's token");
    private static final byte[] GUESS = BearerTokens.digest("a guess");

    @Test
    void waitsGrowThenALockThatEndsAndIsAuditedOnce() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
        try (Database database = Database.open(dir)) {
            new Migrator(database).migrate(AuditLog.MIGRATIONS);
            AuditLog audit = new AuditLog(database, clock);
            TokenLockout lockout = new TokenLockout(audit, clock);
            String source = "192.0.2.7";
            lockout.succeeded(source, GOOD);
            for (int i = 0; i < TokenLockout.FREE_FAILURES; i++) {
                assertEquals(Duration.ZERO, lockout.failed(source));
            }
            assertEquals(Duration.ofSeconds(1), lockout.failed(source));
            // A guess during the wait is refused unchecked, and counts: the wait grows to 2 s.
            assertEquals(Optional.of(Duration.ofSeconds(2)), lockout.waitBefore(source, GUESS));
            assertEquals(Optional.empty(), lockout.waitBefore(source, GOOD), "a token that worked here passes");
            clock.advance(Duration.ofSeconds(2));
            assertEquals(Optional.empty(), lockout.waitBefore("198.51.100.1", GUESS), "other sources are unaffected");
            assertEquals(Optional.empty(), lockout.waitBefore(source, GUESS), "the wait is over");
            // The guess during the first wait counted: this is the 8th attempt, so 1, 2, then 4 s.
            assertEquals(Duration.ofSeconds(4), lockout.failed(source));
            for (int attempt = 9; attempt < TokenLockout.LOCK_AFTER; attempt++) {
                assertTrue(lockout.failed(source).compareTo(TokenLockout.MAX_WAIT) <= 0);
            }
            assertEquals(TokenLockout.LOCK_FOR, lockout.failed(source), "the 20th: locked");
            assertTrue(lockout.waitBefore(source, GUESS).orElseThrow().compareTo(Duration.ofMinutes(14)) > 0);
            assertEquals(Optional.empty(), lockout.waitBefore(source, GOOD), "the operator is not shut out");
            for (int i = 0; i < 100; i++) {
                lockout.failed(source);
            }
            assertEquals(1, audit.query(new AuditLog.Query(null, null, null, "access.token.locked", 10)).size());
            clock.advance(TokenLockout.LOCK_FOR);
            assertEquals(Optional.empty(), lockout.waitBefore(source, GUESS), "the lock ends");
            assertEquals(Duration.ZERO, lockout.failed(source), "and the count starts afresh");
        }
    }

    @Test
    void memoryStaysBounded() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
        try (Database database = Database.open(dir)) {
            new Migrator(database).migrate(AuditLog.MIGRATIONS);
            TokenLockout lockout = new TokenLockout(new AuditLog(database, clock), clock);
            for (int i = 0; i < 3 * TokenLockout.MAX_SOURCES; i++) {
                lockout.failed("10.0." + (i >> 8) + "." + (i & 255));
                clock.advance(Duration.ofSeconds(1));
            }
            assertTrue(lockout.size() <= TokenLockout.MAX_SOURCES, "" + lockout.size());
        }
    }
}
