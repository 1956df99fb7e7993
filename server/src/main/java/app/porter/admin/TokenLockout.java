package app.porter.admin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import app.porter.audit.AuditLog;

/**
 * Wrong admin tokens, counted per source address: after {@link #FREE_FAILURES} each source must wait (1 s, 2 s,
 * 4 s ... up to {@link #MAX_WAIT}) before its next token is even looked at, and after {@link #LOCK_AFTER} attempts
 * within {@link #FORGET_AFTER} it is locked out for {@link #LOCK_FOR}. The same steps as the staff password lockout
 * ({@code staff.SignInChecks}), kept in memory: a restart forgets them, which costs an attacker a restart they
 * cannot cause. Each lockout is audited and logged once, never each try, and never with what was sent.
 *
 * <p>WHY a token that already worked from a source still passes while that source waits or is locked: the admin
 * socket listens on loopback, so every local process shares one source address with the operator's scripts and
 * the {@code porter} tools; a lockout that refused them too would let any local user shut the operators out. A
 * token that has never worked from there is refused unchecked during a wait or lockout, so guesses stay bounded
 * (a guess cannot be among the remembered ones). A valid token first used during a lockout waits it out (at most
 * {@link #LOCK_FOR}). The console counts into the same instance where it takes a token (the bootstrap token, on
 * first start); its staff sign-in has the per-account password lockout instead.
 *
 * <p>Why per source and not per account: an admin token is 256 random bits with no account part, so a wrong one
 * names no account. The per-account lockout is the staff password lockout.
 */
public final class TokenLockout {

    static final int FREE_FAILURES = 5;
    static final int LOCK_AFTER = 20;
    static final Duration LOCK_FOR = Duration.ofMinutes(15);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** Failures older than this are forgotten, and so is a token that worked longer ago than this. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final Duration REMEMBER_GOOD = Duration.ofHours(24);
    /** Sources remembered at most: beyond it the quiet ones are dropped first (memory stays bounded). */
    static final int MAX_SOURCES = 4096;
    private static final int MAX_GOOD_TOKENS = 16;

    private static final Logger LOG = System.getLogger(TokenLockout.class.getName());

    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final AuditLog audit;
    private final Clock clock;

    public TokenLockout(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** One source address's recent failures and the tokens that worked from it. */
    private static final class Source {
        int failures;
        Instant lastFailure = Instant.MIN;
        Instant waitUntil = Instant.MIN;
        boolean locked;
        final Map<String, Instant> good = new HashMap<>();
    }

    /**
     * Before the token is looked up: how long {@code source} must still wait, or empty to check the token now.
     * Counts the attempt when it is refused (hammering through a wait is itself a guess).
     */
    public Optional<Duration> waitBefore(String source, byte[] tokenDigest) {
        Instant now = clock.instant();
        Source s = sources.get(source);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            forgetOld(s, now);
            if (!now.isBefore(s.waitUntil)) {
                return Optional.empty();
            }
            Instant worked = s.good.get(HexFormat.of().formatHex(tokenDigest));
            if (worked != null && worked.isAfter(now.minus(REMEMBER_GOOD))) {
                return Optional.empty();
            }
            count(source, s, now);
            return Optional.of(Duration.between(now, s.waitUntil));
        }
    }

    /** A wrong (or dead) token from {@code source}: the wait now in force, zero when none. */
    public Duration failed(String source) {
        Instant now = clock.instant();
        if (sources.size() >= MAX_SOURCES) {
            prune(now);
        }
        Source s = sources.computeIfAbsent(source, k -> new Source());
        synchronized (s) {
            forgetOld(s, now);
            count(source, s, now);
            return now.isBefore(s.waitUntil) ? Duration.between(now, s.waitUntil) : Duration.ZERO;
        }
    }

    /** A token that worked from {@code source}: remembered, so that a lockout there does not shut it out. */
    public void succeeded(String source, byte[] tokenDigest) {
        Instant now = clock.instant();
        Source s = sources.get(source);
        if (s == null) {
            if (sources.size() >= MAX_SOURCES) {
                prune(now);
            }
            s = sources.computeIfAbsent(source, k -> new Source());
        }
        synchronized (s) {
            if (s.good.size() >= MAX_GOOD_TOKENS) {
                s.good.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(REMEMBER_GOOD)));
                if (s.good.size() >= MAX_GOOD_TOKENS) {
                    s.good.clear();
                }
            }
            s.good.put(HexFormat.of().formatHex(tokenDigest), now);
        }
    }

    /** Sources remembered now (for tests of the bound). */
    int size() {
        return sources.size();
    }

    private void count(String source, Source s, Instant now) {
        s.failures++;
        s.lastFailure = now;
        if (s.failures >= LOCK_AFTER) {
            if (!s.locked) {
                s.locked = true;
                s.waitUntil = now.plus(LOCK_FOR);
                String detail = s.failures + " wrong admin tokens; refused for " + LOCK_FOR.toMinutes() + " minutes";
                LOG.log(Level.WARNING, "admin tokens from " + source + " locked out: " + detail);
                audit.append("system", "access.token.locked", source, detail);
            }
        } else if (s.failures > FREE_FAILURES) {
            long seconds = Math.min(MAX_WAIT.toSeconds(), 1L << Math.min(20, s.failures - FREE_FAILURES - 1));
            s.waitUntil = now.plusSeconds(seconds);
            if (s.failures == FREE_FAILURES + 1) {
                LOG.log(Level.INFO, "admin tokens from " + source + ": " + s.failures
                        + " wrong in a row, slowing down");
            }
        }
    }

    /** A lockout that ended, or failures long ago, start the count afresh. */
    private static void forgetOld(Source s, Instant now) {
        boolean lockOver = s.locked && !now.isBefore(s.waitUntil);
        if (lockOver || s.lastFailure.isBefore(now.minus(FORGET_AFTER))) {
            s.failures = 0;
            s.locked = false;
            s.waitUntil = Instant.MIN;
        }
    }

    private void prune(Instant now) {
        sources.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                forgetOld(e.getValue(), now);
                return e.getValue().failures == 0 && e.getValue().good.values().stream()
                        .noneMatch(t -> t.isAfter(now.minus(REMEMBER_GOOD)));
            }
        });
        if (sources.size() >= MAX_SOURCES) {
            sources.entrySet().removeIf(e -> !e.getValue().locked); // still full: keep only the locked ones
        }
    }
}
