package app.porter.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Acceptance suites on a real appliance: the shipped suite passes; after the handbook's rent section is removed
 * the same suite fails and names the scenario; a run stores no conversation, raises no escalation and opens no
 * ticket; its pass rate is kept and audited; a malformed suite is refused with where it is wrong.
 */
// The broken-document test changes the shared appliance's knowledge base, so it runs last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuitesApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    static String shipped() throws IOException {
        try (InputStream in = SuitesApiTest.class.getResourceAsStream("/suites/maple-court.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Rows in the conversations table, read from the SQLite file itself. */
    static long conversations() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             java.sql.ResultSet row = c.createStatement().executeQuery("SELECT COUNT(*) FROM conversations")) {
            row.next();
            return row.getLong(1);
        }
    }

    static HttpResponse<String> run(String yaml) {
        return porter.send(HttpRequest.newBuilder(porter.admin("/api/admin/v1/suites/run?name=maple-court"))
                .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
    }

    @Test
    void theShippedSuitePassesAndLeavesNothingBehind() throws Exception {
        long conversations = conversations();
        HttpResponse<String> response = run(shipped());
        assertEquals(200, response.statusCode(), response.body());
        JsonObject result = TestPorter.json(response.body());
        assertTrue(result.getBoolean("allPassed"), response.body());
        assertTrue(result.getInt("total") >= 10, response.body());
        assertEquals(conversations, conversations(), "a suite stores no conversation");
        String queue = porter.adminGet("/api/admin/v1/escalations").body();
        assertEquals(0, TestPorter.json(queue).getJsonArray("escalations").size(), "nobody was alerted: " + queue);
        String tickets = porter.adminGet("/api/admin/v1/tickets").body();
        assertEquals(0, TestPorter.json(tickets).getJsonArray("tickets").size(), "no ticket was opened: " + tickets);
        String runs = porter.adminGet("/api/admin/v1/suites/runs?suite=maple-court").body();
        assertTrue(runs.contains("\"passed\":" + result.getInt("total")), runs);
        assertTrue(porter.adminGet("/api/admin/v1/audit?action=suite.run").body().contains("scenarios passed"));
    }

    @Test
    void aMalformedSuiteIsRefusedWithWhereItIsWrong() {
        HttpResponse<String> response = run("property: maple-court\nscenarios:\n  - name: broken\n    turns:\n"
                + "      - expect: {mode: extractive}\n");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("scenario 'broken', turn 1 has nothing to 'say'"), response.body());
        assertEquals(400, run("scenarios: [").statusCode());
        assertEquals(415, porter.adminPost("/api/admin/v1/suites/run", "{}").statusCode());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aBrokenDocumentFailsTheSuiteAndNamesTheScenario() throws Exception {
        // The handbook without its rent section, uploaded over the demo handbook's scope under a new name, then
        // the original deleted: rent questions lose their answer.
        String handbook;
        try (InputStream in = SuitesApiTest.class.getResourceAsStream("/demo/maple-court-handbook.md")) {
            handbook = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String broken = handbook.replaceAll("(?s)## Rent due date.*?(?=## Late fees)", "");
        assertFalse(broken.contains("1st day of each month"));
        for (JsonObject d : TestPorter.json(porter.adminGet("/api/admin/v1/kb/documents").body())
                .getJsonArray("documents").getValuesAs(JsonObject.class)) {
            assertEquals(200, porter.delete(porter.admin("/api/admin/v1/kb/documents/" + d.getString("id")),
                    TestPorter.ADMIN_TOKEN).statusCode());
        }
        HttpResponse<String> upload = porter.postBytes(porter.admin(
                "/api/admin/v1/kb/documents?filename=handbook-edited.md&propertyId=maple-court"),
                "text/markdown", broken.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, upload.statusCode(), upload.body());
        String job = TestPorter.json(upload.body()).getJsonObject("job").getString("id");
        for (int i = 0; i < 600 && !porter.adminGet("/api/admin/v1/kb/jobs/" + job).body().contains("finishedAt"); i++) {
            Thread.sleep(100);
        }
        JsonObject result = TestPorter.json(run(shipped()).body());
        assertFalse(result.getBoolean("allPassed"), result.toString());
        JsonObject rent = result.getJsonArray("scenarios").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals("rent is due on the first, with a grace period"))
                .findFirst().orElseThrow();
        assertFalse(rent.getBoolean("passed"), rent.toString());
        assertTrue(rent.getJsonArray("failures").getString(0).contains("1st day of each month"), rent.toString());
    }
}
