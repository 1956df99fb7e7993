package app.porter.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;

/**
 * Issue 13 item 1: JSON nested a thousand levels deep is a client's mistake (400 for a request body, 422 for an
 * uploaded document), never a 500 with a SEVERE log line, on the tenant and the admin socket alike.
 */
class NestedJsonApiTest {

    @TempDir
    Path dataDir;

    private final List<LogRecord> severe = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void deepRequestBodiesAre400AndDeepDocuments422() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            // Tenant socket, no token needed.
            assertBadRequest(porter.postJson(porter.tenant("/api/v1/conversations"), nested(1000), null));
            assertBadRequest(porter.postJson(porter.tenant("/api/v1/conversations"), nestedArrays(5000), null));
            TestPorter.Started started = porter.startConversation();
            assertBadRequest(porter.postJson(porter.tenant("/api/v1/conversations/" + started.id() + "/messages"),
                    "{\"text\":" + nested(1500) + "}", started.token()));
            // Admin socket.
            assertBadRequest(porter.adminPost("/api/admin/v1/properties", nestedArrays(1000)));
            assertBadRequest(porter.adminPost("/api/admin/v1/staff", nestedArrays(1500)));

            // Still fine at a sane depth: a body nested a few levels is read (and refused for its content only).
            HttpResponse<String> shallow = porter.postJson(porter.tenant("/api/v1/conversations"),
                    "{\"consent\":true,\"extra\":" + nested(20) + "}", null);
            assertEquals(201, shallow.statusCode(), shallow.body());

            HttpResponse<String> upload = porter.postBytes(porter.admin(
                            "/api/admin/v1/kb/documents?filename=details.json&propertyId=maple-court"),
                    "application/json", ("{\"contacts\":" + nested(2000) + "}").getBytes(StandardCharsets.UTF_8));
            assertEquals(422, upload.statusCode(), upload.body());
            assertTrue(upload.body().contains("nested deeper than " + BoundedJson.MAX_DEPTH), upload.body());
        }
        assertTrue(severe.isEmpty(), () -> "SEVERE: " + severe.stream().map(LogRecord::getMessage).toList());
    }

    private static void assertBadRequest(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("nested deeper than " + BoundedJson.MAX_DEPTH), response.body());
    }
}
