package app.porter.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Reads {@code Authorization: Bearer <token>}. */
public final class BearerAuth {

    private BearerAuth() {
    }

    /** The bearer token, or 401 when the header is missing or not a bearer credential. */
    public static String require(ServerRequest req) {
        return token(req).orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <token>"));
    }

    public static Optional<String> token(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .filter(t -> !t.isEmpty());
    }
}
