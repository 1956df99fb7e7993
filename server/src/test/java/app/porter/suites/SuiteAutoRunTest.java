package app.porter.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Issue 15: the suites run by themselves, as {@code system}, a few seconds after a knowledge-base change or a policy
 * publish; a burst of uploads gives one run; a broken suite file is left out; switched off, nothing runs.
 */
class SuiteAutoRunTest {

    @TempDir
    Path dir;

    @Test
    void uploadsAndAPolicyPublishEachLeadToOneRecordedRun() throws Exception {
        Path data = dir.resolve("data");
        // The firm's folder: a copy of the shipped suite (what a first start writes there), one of its own, a broken one.
        Files.createDirectories(data.resolve("suites"));
        Files.writeString(data.resolve("suites/maple-court.yaml"), SuiteFiles.shipped("maple-court"));
        Files.writeString(data.resolve("suites/pets.yaml"), "property: maple-court\nscenarios:\n"
                + "  - name: pets\n    turns:\n      - say: Can I have a dog in my apartment?\n"
                + "        expect: {says: [\"pet\"]}\n");
        Files.writeString(data.resolve("suites/broken.yaml"), "scenarios: [");
        try (TestPorter porter = TestPorter.start(data, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_SUITES_AUTO_RUN", "true"))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> upload = porter.postBytes(porter.admin("/api/admin/v1/kb/documents?filename=note-"
                        + i + ".md&propertyId=maple-court"), "text/markdown",
                        ("# Note " + i + "\n\nThe bike room is in the basement, note " + i + ".\n")
                                .getBytes(StandardCharsets.UTF_8));
                assertEquals(202, upload.statusCode(), upload.body());
            }
            List<JsonObject> runs = awaitRuns(porter, 2);
            assertEquals(List.of("maple-court", "pets"), runs.stream().map(r -> r.getString("suite")).sorted().toList(),
                    "one run of each suite that parses, for three uploads: " + runs);
            assertTrue(runs.stream().allMatch(r -> r.getString("ranBy").equals("system")), runs.toString());
            String audit = porter.adminGet("/api/admin/v1/audit?action=suite.run").body();
            assertTrue(audit.contains("after knowledge-base change"), audit);

            HttpResponse<String> published = porter.adminPost("/api/admin/v1/policies/versions",
                    "{\"reviewBy\":\"2030-01-31\"}");
            assertEquals(201, published.statusCode(), published.body());
            assertEquals(4, awaitRuns(porter, 4).size());
            assertTrue(porter.adminGet("/api/admin/v1/audit?action=suite.run").body().contains("after policy change"));
        }
    }

    @Test
    void switchedOffNothingRuns() throws Exception {
        try (TestPorter porter = TestPorter.start(dir.resolve("off"), Map.of("PORTER_BOOTSTRAP_TOKEN",
                TestPorter.ADMIN_TOKEN, "PORTER_SUITES_AUTO_RUN", "false"))) {
            assertEquals(202, porter.postBytes(porter.admin("/api/admin/v1/kb/documents?filename=n.md"
                    + "&propertyId=maple-court"), "text/markdown", "# N\n\nThe bike room is in the basement.\n"
                    .getBytes(StandardCharsets.UTF_8)).statusCode());
            Thread.sleep(8_000); // past the quiet period and a run of the shipped suite
            assertEquals(List.of(), runs(porter));
        }
    }

    /** Waits (up to two minutes) for {@code count} runs, then a little longer to see that no more follow. */
    private static List<JsonObject> awaitRuns(TestPorter porter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (runs(porter).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(5_000);
        return runs(porter);
    }

    private static List<JsonObject> runs(TestPorter porter) {
        return TestPorter.json(porter.adminGet("/api/admin/v1/suites/runs").body()).getJsonArray("runs")
                .getValuesAs(JsonObject.class);
    }
}
