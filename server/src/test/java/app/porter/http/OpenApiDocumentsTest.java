package app.porter.http;

import java.io.StringReader;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two OpenAPI features on a bare two-socket server (no appliance behind it): each socket serves its own
 * document, and only its own. Whether the documents match the real routes is {@code OpenApiContractTest}'s job.
 */
@ServerTest
class OpenApiDocumentsTest {

    private static final String ADMIN = "admin";

    private final Http1Client tenant;
    private final Http1Client admin;

    OpenApiDocumentsTest(Http1Client tenant, @Socket(ADMIN) Http1Client admin) {
        this.tenant = tenant;
        this.admin = admin;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.addFeature(OpenApiDocuments.tenant())
                .addFeature(OpenApiDocuments.admin(ADMIN));
    }

    @SetUpRoute(ADMIN)
    static void adminSocket(HttpRouting.Builder routing) {
        // The admin socket exists once it has routing; the OpenAPI feature adds its route to it.
    }

    @Test
    void tenantSocketServesTheTenantDocumentAsYaml() {
        Map<String, Object> doc = yaml(tenant, "/openapi");
        assertEquals("Porter tenant API", info(doc).get("title"));
        Map<String, Object> paths = paths(doc);
        assertTrue(paths.containsKey("/api/v1/conversations/{id}/messages"), paths.keySet().toString());
        assertFalse(paths.keySet().stream().anyMatch(p -> p.startsWith("/api/admin")),
                "the tenant socket must not describe the admin API: " + paths.keySet());
    }

    @Test
    void adminSocketServesTheAdminDocumentAsYaml() {
        Map<String, Object> doc = yaml(admin, "/openapi");
        assertEquals("Porter admin API", info(doc).get("title"));
        Map<String, Object> paths = paths(doc);
        assertTrue(paths.containsKey("/api/admin/v1/kb/documents"), paths.keySet().toString());
        assertFalse(paths.keySet().stream().anyMatch(p -> p.startsWith("/api/v1/")),
                "the admin socket must not describe the tenant API: " + paths.keySet());
    }

    @Test
    void jsonOnRequestByQueryOrAccept() {
        try (Http1ClientResponse res = tenant.get("/openapi").queryParam("format", "json").request()) {
            assertEquals(Status.OK_200, res.status());
            assertTrue(res.headers().contentType().orElseThrow().text().startsWith("application/json"));
            JsonObject doc = Json.createReader(new StringReader(res.as(String.class))).readObject();
            assertEquals("3.0.3", doc.getString("openapi"));
            assertEquals("Porter tenant API", doc.getJsonObject("info").getString("title"));
        }
        try (Http1ClientResponse res = admin.get("/openapi").header(HeaderNames.ACCEPT, "application/json")
                .request()) {
            assertEquals(Status.OK_200, res.status());
            JsonObject doc = Json.createReader(new StringReader(res.as(String.class))).readObject();
            assertEquals("Porter admin API", doc.getJsonObject("info").getString("title"));
        }
    }

    @Test
    void unknownFormatIsRefused() {
        try (Http1ClientResponse res = tenant.get("/openapi").queryParam("format", "xml").request()) {
            assertEquals(Status.BAD_REQUEST_400, res.status());
        }
    }

    private static Map<String, Object> yaml(Http1Client client, String path) {
        try (Http1ClientResponse res = client.get(path).request()) {
            assertEquals(Status.OK_200, res.status());
            // The registered media type of OpenAPI YAML.
            assertEquals("application/vnd.oai.openapi", res.headers().contentType().orElseThrow().mediaType().text());
            return new Yaml().load(res.as(String.class));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("info");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> paths(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("paths");
    }
}
