package app.porter.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import app.porter.TestPorter;

/**
 * Issue 13 item 8: the JSON reader and the JSON endpoints of both sockets, fed anything. The reader may only
 * refuse with a {@link JsonException} and never returns more than {@link BoundedJson#MAX_DEPTH} levels; an endpoint
 * may answer anything but a 5xx. Seeds in {@code src/test/resources/app/porter/json/JsonBodiesFuzzTestInputs/} run in
 * every build; {@code JAZZER_FUZZ=1} fuzzes within the time limits below.
 */
class JsonBodiesFuzzTest {

    /** Endpoints that read a JSON body: the tenant's (no credential needed) and the admin's (a valid token). */
    private static final List<String> TENANT = List.of("/api/v1/conversations");
    private static final List<String> ADMIN = List.of("/api/admin/v1/properties", "/api/admin/v1/staff",
            "/api/admin/v1/keys/rotate", "/api/admin/v1/privacy/redact");

    private static Path dataDir;
    private static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("porter-fuzz-");
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        porter.close();
        try (var walk = Files.walk(dataDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "20s")
    void theReaderRefusesOnlyWithAJsonException(byte[] bytes) {
        JsonValue value;
        try {
            value = BoundedJson.read(bytes, 1 << 20);
        } catch (JsonException expected) {
            return;
        }
        if (depth(value) > BoundedJson.MAX_DEPTH) {
            throw new AssertionError("a value deeper than the bound was returned");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void noBodyMakesAnEndpointFail(FuzzedDataProvider data) {
        boolean admin = data.consumeBoolean();
        String path = data.pickValue(admin ? ADMIN : TENANT);
        String body = data.consumeRemainingAsString();
        HttpResponse<String> response = admin
                ? porter.postJson(porter.admin(path), body, TestPorter.ADMIN_TOKEN)
                : porter.send(HttpRequest.newBuilder(porter.tenant(path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() >= 500) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Iterative, so that the check itself cannot overflow the stack. */
    private static int depth(JsonValue root) {
        int deepest = 0;
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            JsonValue value = (JsonValue) next[0];
            int level = (int) next[1];
            if (value instanceof JsonObject object) {
                deepest = Math.max(deepest, level + 1);
                object.values().forEach(v -> todo.push(new Object[] {v, level + 1}));
            } else if (value instanceof JsonArray array) {
                deepest = Math.max(deepest, level + 1);
                array.forEach(v -> todo.push(new Object[] {v, level + 1}));
            }
        }
        return deepest;
    }
}
