package app.porter.admin;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.AdminTokens;
import app.porter.http.ApiException;
import app.porter.http.BearerAuth;
import app.porter.http.JsonResponses;
import app.porter.staff.StaffAccounts;

/**
 * Authenticates every request on the admin socket by bearer token and puts the caller in the request context as an
 * {@link Actor}: the person a staff token acts as (their username, current role and display name), or
 * {@code bootstrap} for the first-start token. Authorising is not done here: the services check the actor's role
 * for each action, so the console (which calls them directly) is held to the same rules.
 */
public final class AdminAuth implements Filter {

    private final AdminTokens tokens;
    private final StaffAccounts staff;

    public AdminAuth(AdminTokens tokens, StaffAccounts staff) {
        this.tokens = tokens;
        this.staff = staff;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String token = BearerAuth.token(req).orElse(null);
        if (token == null) {
            JsonResponses.error(res, 401, "unauthorized", "send Authorization: Bearer <admin token>");
            return;
        }
        AdminPrincipal principal = tokens.verify(token).orElse(null);
        if (principal == null) {
            JsonResponses.error(res, 401, "unauthorized", "unknown admin token");
            return;
        }
        Actor actor = principal.actor();
        if (principal.staff().isPresent()) {
            // A person's token acts with the person's current role and name; a disabled account's tokens are dead.
            actor = staff.activeActor(principal.staff().get()).orElse(null);
            if (actor == null) {
                JsonResponses.error(res, 401, "unauthorized", "this token's account is disabled");
                return;
            }
        }
        req.context().register(actor);
        chain.proceed();
    }

    /** The caller, as the filter found it; 401 if the filter did not run (a route registered outside it). */
    public static Actor actor(ServerRequest req) {
        return req.context().get(Actor.class)
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <admin token>"));
    }
}
