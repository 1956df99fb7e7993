package app.porter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonStructure;

/** Writes JSON bodies with an explicit content type and status. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void send(ServerResponse res, int status, JsonStructure body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.toString());
    }

    public static void error(ServerResponse res, int status, String error, String detail) {
        send(res, status, Json.createObjectBuilder().add("error", error).add("detail", detail).build());
    }
}
