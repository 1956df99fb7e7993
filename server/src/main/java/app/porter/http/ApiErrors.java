package app.porter.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.media.UnsupportedTypeException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonException;

/**
 * Maps every failure to the JSON error contract. Nothing reaches the client as a stack trace, and unexpected
 * failures are logged by type and location only: exception messages may quote request content.
 */
public final class ApiErrors {

    private static final Logger LOG = System.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    /** Helidon's own refusals (no such route, method not allowed, body too large) in the same JSON shape. */
    private static void httpError(ServerResponse res, Status status) {
        String error = switch (status.code()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
        JsonResponses.error(res, status.code(), error, status.reasonPhrase());
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) ->
                        JsonResponses.error(res, e.status(), e.error(), e.detail()))
                .error(JsonException.class, (req, res, e) ->
                        JsonResponses.error(res, 400, "bad_request", "malformed JSON"))
                .error(UnsupportedTypeException.class, (req, res, e) ->
                        JsonResponses.error(res, 415, "unsupported_media_type", "unsupported content type"))
                .error(RequestException.class, (req, res, e) -> httpError(res, e.status()))
                .error(HttpException.class, (req, res, e) -> httpError(res, e.status()))
                .error(Exception.class, (req, res, e) -> {
                    StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                    LOG.log(Level.ERROR, "unhandled " + e.getClass().getName() + " at " + where);
                    JsonResponses.error(res, 500, "internal_error", "the request could not be completed");
                });
    }
}
