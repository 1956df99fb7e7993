package app.porter.widget;

import java.io.IOException;
import java.io.InputStream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget and the demo page, routed in memory: no socket, no appliance. */
@RoutingTest
class WidgetHttpServiceTest {

    private final DirectClient client;

    WidgetHttpServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing.register(new WidgetHttpService());
    }

    @Test
    void servesTheWidgetScriptAsIs() throws IOException {
        try (Http1ClientResponse res = client.get("/widget.js").request()) {
            assertEquals(Status.OK_200, res.status());
            assertEquals("text/javascript; charset=utf-8", res.headers().get(HeaderNames.CONTENT_TYPE).get());
            // Served from another site's page: the browser must not guess a type, and caches may keep it briefly.
            assertEquals("nosniff", res.headers().get(HeaderNames.X_CONTENT_TYPE_OPTIONS).get());
            assertEquals("public, max-age=300", res.headers().get(HeaderNames.CACHE_CONTROL).get());
            assertArrayEquals(resource("/widget/widget.js"), res.as(byte[].class));
        }
    }

    @Test
    void servesTheDemoPageWithTheWidgetOnIt() {
        try (Http1ClientResponse res = client.get("/").request()) {
            assertEquals(Status.OK_200, res.status());
            assertEquals("text/html; charset=utf-8", res.headers().get(HeaderNames.CONTENT_TYPE).get());
            assertTrue(res.as(String.class).contains("<script src=\"/widget.js\" data-property-id=\"maple-court\""));
        }
    }

    @Test
    void onlyGetIsRouted() {
        try (Http1ClientResponse res = client.method(Method.POST).path("/widget.js").request()) {
            assertEquals(Status.NOT_FOUND_404, res.status());
        }
        try (Http1ClientResponse res = client.get("/widget.css").request()) {
            assertEquals(Status.NOT_FOUND_404, res.status());
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WidgetHttpServiceTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
