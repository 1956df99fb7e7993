package app.porter.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/** The admin socket: bearer tokens, the bootstrap token, the knowledge-base listing. */
class AdminApiTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAConfiguredTokenARandomOneIsWrittenOnceOwnerOnly() throws Exception {
        String token;
        try (TestPorter porter = TestPorter.start(dataDir, Map.of())) {
            Path file = dataDir.resolve(AdminTokens.BOOTSTRAP_FILE);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
            token = Files.readString(file).strip();
            assertEquals(token, porter.porter.bootstrap().token().orElseThrow());
            assertEquals(200, porter.get(porter.admin("/api/admin/v1/kb/documents"), token).statusCode());
        }
        try (TestPorter porter = TestPorter.start(dataDir, Map.of())) {
            assertTrue(porter.porter.bootstrap().token().isEmpty(), "created only on first start");
            assertEquals(200, porter.get(porter.admin("/api/admin/v1/kb/documents"), token).statusCode());
        }
    }

    @Test
    void listsTheDemoKnowledgeBaseAndSearchesIt() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            HttpResponse<String> unauthenticated = porter.get(porter.admin("/api/admin/v1/kb/documents"), null);
            assertEquals(401, unauthenticated.statusCode());
            assertTrue(unauthenticated.body().contains("\"error\""));
            assertEquals(401, porter.get(porter.admin("/api/admin/v1/kb/documents"), "not-a-token").statusCode());

            JsonObject list = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents"),
                    TestPorter.ADMIN_TOKEN).body());
            JsonObject handbook = list.getJsonArray("documents").getJsonObject(0);
            assertEquals("maple-court-handbook", handbook.getString("id"));
            assertEquals("maple-court", handbook.getString("propertyId"));
            assertTrue(handbook.getInt("passages") >= 25, handbook.toString());

            JsonObject search = TestPorter.json(porter.get(porter.admin(
                    "/api/admin/v1/kb/search?q=late+fee&propertyId=maple-court"), TestPorter.ADMIN_TOKEN).body());
            JsonObject best = search.getJsonArray("results").getJsonObject(0);
            assertEquals("maple-court-handbook#late-fees", best.getString("sourceId"));
            assertTrue(best.getJsonNumber("score").doubleValue() > 0.4);

            assertEquals(400, porter.get(porter.admin("/api/admin/v1/kb/search?q="), TestPorter.ADMIN_TOKEN)
                    .statusCode());
        }
    }

    @Test
    void adminApiIsNotOnTheTenantSocket() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            assertEquals(404, porter.get(porter.tenant("/api/admin/v1/kb/documents"), TestPorter.ADMIN_TOKEN)
                    .statusCode());
        }
    }
}
