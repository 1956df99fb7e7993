package app.porter.admin;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.AdminTokens;
import app.porter.crypto.BearerTokens;
import app.porter.http.ApiException;
import app.porter.http.BearerAuth;
import app.porter.http.JsonResponses;
import app.porter.staff.StaffAccounts;

/**
 * Authenticates every request on the admin socket by bearer token and puts the caller in the request context as an
 * {@link Actor}: the person a staff token acts as (their username, current role and display name), or
 * {@code bootstrap} for the first-start token. Wrong tokens are slowed down and locked out per source address
 * ({@link TokenLockout}: 429 with Retry-After). Authorising is not done here: the services check the actor's role
 * for each action, so the console (which calls them directly) is held to the same rules.
 */
public final class AdminAuth implements Filter {

    private final AdminTokens tokens;
    private final StaffAccounts staff;
    private final TokenLockout lockout;

    public AdminAuth(AdminTokens tokens, StaffAccounts staff, TokenLockout lockout) {
        this.tokens = tokens;
        this.staff = staff;
        this.lockout = lockout;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String token = BearerAuth.token(req).orElse(null);
        if (token == null) {
            JsonResponses.error(res, 401, "unauthorized", "send Authorization: Bearer <admin token>");
            return;
        }
        String source = source(req);
        byte[] digest = BearerTokens.digest(token.strip());
        Optional<Duration> wait = lockout.waitBefore(source, digest);
        if (wait.isPresent()) {
            tooMany(res, wait.get());
            return;
        }
        AdminPrincipal principal = tokens.verify(token).orElse(null);
        if (principal == null) {
            refused(res, source, "unknown admin token");
            return;
        }
        Actor actor = principal.actor();
        if (principal.staff().isPresent()) {
            // A person's token acts with the person's current role and name; a disabled account's tokens are dead.
            actor = staff.activeActor(principal.staff().get()).orElse(null);
            if (actor == null) {
                refused(res, source, "this token's account is disabled");
                return;
            }
        }
        lockout.succeeded(source, digest);
        req.context().register(actor);
        chain.proceed();
    }

    /** A 401, or a 429 once the source has failed too often ({@link TokenLockout}). */
    private void refused(RoutingResponse res, String source, String why) {
        Duration wait = lockout.failed(source);
        if (wait.isZero()) {
            JsonResponses.error(res, 401, "unauthorized", why);
        } else {
            tooMany(res, wait);
        }
    }

    private static void tooMany(RoutingResponse res, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
        JsonResponses.error(res, 429, "too_many_attempts",
                "too many wrong admin tokens from this address; try again in " + seconds + " s");
    }

    /** The peer's IP address (no port: each connection has its own). */
    private static String source(RoutingRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : req.remotePeer().host();
    }

    /** The caller, as the filter found it; 401 if the filter did not run (a route registered outside it). */
    public static Actor actor(ServerRequest req) {
        return req.context().get(Actor.class)
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <admin token>"));
    }
}
