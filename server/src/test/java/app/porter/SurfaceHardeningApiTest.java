package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

/**
 * Issue 13 item 7, on a real appliance with its default settings: CORS admits only the demo page's own origin,
 * and a key rotation needs an explicit confirmation (a malformed or missing one rotates nothing).
 */
class SurfaceHardeningApiTest {

    @TempDir
    Path dataDir;

    @Test
    void corsAdmitsOnlyTheDemoPagesOriginByDefault() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            assertEquals(List.of("http://localhost:8080"), PorterConfig.load(java.util.Map.of()).allowedOrigins());
            assertTrue(preflight(porter, "https://attacker.example").headers()
                    .firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals("http://localhost:8080", preflight(porter, "http://localhost:8080").headers()
                    .firstValue("Access-Control-Allow-Origin").orElse(""));
            // The demo page itself is same-origin: its requests need no CORS at all.
            HttpResponse<String> sameOrigin = porter.send(HttpRequest.newBuilder(porter.tenant("/api/v1/conversations"))
                    .header("Origin", "http://127.0.0.1:" + porter.porter.tenantPort())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"consent\":true}")).build());
            assertEquals(201, sameOrigin.statusCode(), sameOrigin.body());
        }
    }

    @Test
    void theOriginsAreASetting() {
        PorterConfig config = PorterConfig.load(java.util.Map.of("PORTER_ALLOWED_ORIGINS",
                "https://www.maplecourt.example, https://harbor.example:8443"));
        assertEquals(List.of("https://www.maplecourt.example", "https://harbor.example:8443"), config.allowedOrigins());
        assertThrowsIllegal("https://www.maplecourt.example/path");
        assertThrowsIllegal(" , ");
    }

    private static void assertThrowsIllegal(String origins) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PorterConfig.load(java.util.Map.of("PORTER_ALLOWED_ORIGINS", origins)));
    }

    @Test
    void aKeyRotationNeedsAnExplicitConfirmation() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            for (String body : List.of("{}", "{\"confirm\":false}", "{\"confirm\":\"yes\"}", "[true]", "{\"confirm\":")) {
                HttpResponse<String> refused = porter.adminPost("/api/admin/v1/keys/rotate", body);
                assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
            }
            HttpResponse<String> empty = porter.send(HttpRequest.newBuilder(porter.admin("/api/admin/v1/keys/rotate"))
                    .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertTrue(empty.statusCode() == 400 || empty.statusCode() == 415, empty.body());
            assertEquals(0, porter.adminGet("/api/admin/v1/audit?action=privacy.kek.rotated").body()
                    .split("privacy.kek.rotated", -1).length - 1, "nothing rotated");

            HttpResponse<String> rotated = porter.adminPost("/api/admin/v1/keys/rotate", "{\"confirm\":true}");
            assertEquals(200, rotated.statusCode(), rotated.body());
            JsonObject rotation = TestPorter.json(rotated.body());
            assertEquals(rotation.getInt("fromVersion") + 1, rotation.getInt("toVersion"));
        }
    }

    private static HttpResponse<String> preflight(TestPorter porter, String origin) {
        return porter.send(HttpRequest.newBuilder(porter.tenant("/api/v1/conversations"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }
}
