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

import app.porter.errors.Conflict;
import app.porter.errors.DomainException;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.errors.NotPermitted;
import app.porter.errors.TooLarge;
import app.porter.errors.Unprocessable;
import app.porter.errors.UnsupportedType;

/**
 * Maps every failure to the JSON error contract, in one place: each domain refusal ({@code app.porter.errors}) to
 * its status, Helidon's own refusals to theirs, anything else to 500. HTTP services therefore only translate
 * requests and never catch a service's exceptions. Nothing reaches the client as a stack trace, and unexpected
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

    /** A domain refusal: its status, its error code, its message (written for the caller). */
    private static void refused(ServerResponse res, int status, DomainException e) {
        JsonResponses.error(res, status, e.error(), e.getMessage());
    }

    public static void register(HttpRouting.Builder routing) {
        // Helidon picks the handler of the closest type, so a subclass (a legal hold is a Conflict) lands here too.
        routing.error(InvalidInput.class, (req, res, e) -> refused(res, 400, e))
                .error(NotPermitted.class, (req, res, e) -> refused(res, 403, e))
                .error(NotFound.class, (req, res, e) -> refused(res, 404, e))
                .error(Conflict.class, (req, res, e) -> refused(res, 409, e))
                .error(TooLarge.class, (req, res, e) -> refused(res, 413, e))
                .error(UnsupportedType.class, (req, res, e) -> refused(res, 415, e))
                .error(Unprocessable.class, (req, res, e) -> refused(res, 422, e))
                .error(ApiException.class, (req, res, e) ->
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
