package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * The tenant API's bound on work in flight: with every place taken, a question gets 429 with Retry-After and leaves
 * nothing stored, an emergency is still answered, and health and the admin socket still answer. The places are
 * taken the way a crowd (or a slow client) takes them: requests whose bodies have not arrived yet.
 */
class TenantBackpressureTest {

    @TempDir
    Path dataDir;

    @Test
    void aFullTenantSocketRefusesWith429ButAnswersEmergenciesAndStaysHealthy() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir, Map.of("PORTER_TENANT_MAX_IN_FLIGHT", "2",
                "PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN))) {
            TestPorter.Started tenant = porter.startConversation();
            List<Socket> holding = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    holding.add(slowRequest(porter.porter.tenantPort()));
                }
                Thread.sleep(500); // let both reach the limit

                HttpResponse<String> refused = porter.postJson(porter.tenant("/api/v1/conversations/" + tenant.id()
                        + "/messages"), "{\"text\":\"When is the rent due?\"}", tenant.token());
                assertEquals(429, refused.statusCode(), refused.body());
                int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
                assertTrue(refused.body().contains("too_many_requests"), refused.body());
                assertEquals(429, porter.postJson(porter.tenant("/api/v1/conversations"), "{\"consent\":true}", null)
                        .statusCode(), "every tenant endpoint is bounded");

                JsonObject emergency = porter.ask(tenant, "I smell gas in my kitchen");
                assertEquals("emergency", emergency.getString("mode"), emergency.toString());

                assertEquals(200, porter.get(porter.tenant("/observe/health"), null).statusCode());
                assertEquals(200, porter.adminGet("/api/admin/v1/kb/documents").statusCode());
            } finally {
                for (Socket socket : holding) {
                    socket.close();
                }
            }
            // The places are free again, and the refused question left nothing behind.
            Thread.sleep(300);
            HttpResponse<String> history = porter.get(porter.tenant("/api/v1/conversations/" + tenant.id()
                    + "/messages"), tenant.token());
            assertEquals(200, history.statusCode(), history.body());
            assertTrue(history.body().contains("I smell gas"), history.body());
            assertFalse(history.body().contains("rent due"), history.body());
            assertTrue(porter.ask(tenant, "When is the rent due?").containsKey("reply"));
        }
    }

    /** A request on the tenant API whose promised body never comes: it holds its place until the socket closes. */
    private static Socket slowRequest(int port) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/conversations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 64\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
