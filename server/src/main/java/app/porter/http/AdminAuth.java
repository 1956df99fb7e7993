package app.porter.http;

import java.util.Arrays;
import java.util.Set;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import app.porter.access.AdminPrincipal;
import app.porter.access.AdminTokens;
import app.porter.access.Role;

/**
 * Authenticates every request on the admin socket by bearer token; the principal is put in the request context
 * for handlers to authorise by role.
 */
public final class AdminAuth implements Filter {

    private final AdminTokens tokens;

    public AdminAuth(AdminTokens tokens) {
        this.tokens = tokens;
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
        req.context().register(principal);
        chain.proceed();
    }

    /** The caller, who must hold one of {@code roles}; 403 otherwise. */
    public static AdminPrincipal require(ServerRequest req, Role... roles) {
        AdminPrincipal principal = req.context().get(AdminPrincipal.class)
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <admin token>"));
        if (!Set.of(roles).contains(principal.role())) {
            throw ApiException.forbidden("this needs the role " + String.join(" or ",
                    Arrays.stream(roles).map(Role::id).toList()));
        }
        return principal;
    }
}
