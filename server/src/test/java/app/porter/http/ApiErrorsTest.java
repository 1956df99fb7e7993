package app.porter.http;

import java.io.StringReader;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every failure reaches the client as the contract's {@code {"error","detail"}} with a fitting status, routed in
 * memory: Helidon's own refusals, malformed JSON, unsupported media types and a bug all included.
 */
@RoutingTest
class ApiErrorsTest {

    private static final String SECRET = "4 Elm Street, flat 2, tenant Jane Roe";

    private final DirectClient client;

    ApiErrorsTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ApiErrors.register(routing);
        routing.get("/conflict", (req, res) -> {
                    throw new ApiException(409, "conflict", "a property with this id exists");
                })
                // Helidon's own JSON binding: it throws JsonException / UnsupportedTypeException, not ApiException.
                .post("/bound", (req, res) -> res.send(req.content().as(JsonObject.class).toString()))
                .get("/bug", (req, res) -> {
                    throw new IllegalStateException("while reading " + SECRET);
                });
    }

    @Test
    void apiExceptionKeepsItsStatusAndCode() {
        assertError(client.get("/conflict").request(), 409, "conflict", "a property with this id exists");
    }

    @Test
    void malformedJsonIsABadRequestNotA500() {
        assertError(client.post("/bound").contentType(HttpMediaType.create("application/json")).submit("{\"a\":"),
                400, "bad_request", "malformed JSON");
    }

    @Test
    void aBodyOfAnUnreadableTypeIs415() {
        assertError(client.post("/bound").contentType(HttpMediaType.create("application/x-unknown"))
                .submit("a,b"), 415, "unsupported_media_type", "unsupported content type");
    }

    @Test
    void noSuchRouteIsAJson404() {
        assertError(client.get("/no-such-route").request(), 404, "not_found", "Not Found");
    }

    @Test
    void aBugIsA500ThatSaysNothingOfTheRequest() {
        Answer answer = Answer.of(client.get("/bug").request());
        assertFalse(answer.body().contains("Elm Street") || answer.body().contains("IllegalStateException"),
                answer.body());
        assertError(answer, 500, "internal_error", "the request could not be completed");
    }

    /** A response read whole, so that its body can be checked more than once. */
    private record Answer(int status, String contentType, String body) {

        static Answer of(Http1ClientResponse response) {
            try (Http1ClientResponse res = response) {
                return new Answer(res.status().code(), res.headers().get(HeaderNames.CONTENT_TYPE).get(),
                        res.as(String.class));
            }
        }
    }

    private static void assertError(Http1ClientResponse response, int status, String error, String detail) {
        assertError(Answer.of(response), status, error, detail);
    }

    private static void assertError(Answer answer, int status, String error, String detail) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/json; charset=utf-8", answer.contentType());
        JsonObject json = Json.createReader(new StringReader(answer.body())).readObject();
        assertEquals(error, json.getString("error"));
        assertEquals(detail, json.getString("detail"));
    }
}
