package app.porter.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.TestPorter;
import app.porter.privacy.DataClass;
import app.porter.privacy.Retention;

/**
 * Thumbs and satisfaction scores on a real appliance: validation, the tenant's own token, the latest rating wins, a
 * thumbs-down offers a person (a "yes" escalates), the comment is sealed (never plaintext in porter.db or its WAL),
 * exported with the conversation, erased with it and purged after the retention class {@code feedback}.
 */
class FeedbackApiTest {

    private static final String MARKER = "OCELOT-COMMENT-5d21e";

    @TempDir
    Path dataDir;

    @Test
    void feedbackIsValidatedSealedExportedErasedAndPurged() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (TestPorter porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_PURGE_AT", "03:00"), clock)) {
            TestPorter.Started tenant = porter.startConversation();
            JsonObject answer = porter.ask(tenant, "When is rent due?");
            assertEquals("extractive", answer.getString("mode"));
            String answerId = answer.getString("messageId");
            String questionId = porter.get(porter.tenant("/api/v1/conversations/" + tenant.id() + "/messages"),
                    tenant.token()).body().replaceAll("(?s).*?\"messageId\":\"([^\"]+)\",\"role\":\"tenant\".*", "$1");

            // Validation and the conversation's own token, as on the other conversation routes.
            assertEquals(400, rate(porter, tenant, answerId, "{\"rating\":\"meh\"}").statusCode());
            assertEquals(400, rate(porter, tenant, answerId, "{}").statusCode());
            assertEquals(400, rate(porter, tenant, answerId, "{\"rating\":\"up\",\"comment\":\"" + "x".repeat(1001)
                    + "\"}").statusCode());
            assertEquals(404, rate(porter, tenant, "no-such-message", "{\"rating\":\"up\"}").statusCode());
            assertEquals(404, rate(porter, tenant, questionId, "{\"rating\":\"up\"}").statusCode(),
                    "only Porter's answers are rated, not the tenant's own messages");
            assertEquals(401, porter.postJson(porter.tenant(feedbackPath(tenant, answerId)), "{\"rating\":\"up\"}",
                    null).statusCode());
            TestPorter.Started other = porter.startConversation();
            assertEquals(403, porter.postJson(porter.tenant(feedbackPath(tenant, answerId)), "{\"rating\":\"up\"}",
                    other.token()).statusCode());

            // Up, then down with a comment: the latest wins, and a thumbs-down offers a person.
            HttpResponse<String> up = rate(porter, tenant, answerId, "{\"rating\":\"up\"}");
            assertEquals(200, up.statusCode(), up.body());
            assertFalse(TestPorter.json(up.body()).containsKey("offer"));
            HttpResponse<String> down = rate(porter, tenant, answerId, "{\"rating\":\"down\",\"comment\":\"" + MARKER
                    + " I asked about the 2nd\"}");
            assertEquals(200, down.statusCode(), down.body());
            JsonObject offer = TestPorter.json(down.body()).getJsonObject("offer");
            assertEquals(List.of("person", "no-thanks"), offer.getJsonArray("options").getValuesAs(JsonObject.class)
                    .stream().map(o -> o.getString("value")).toList());
            assertEquals(List.of("down"), column(porter, "SELECT rating FROM message_ratings"));
            // The same rating again (a comment sent after the thumbs-down) changes nothing.
            assertEquals(200, rate(porter, tenant, answerId, "{\"rating\":\"down\",\"comment\":\"" + MARKER
                    + " I asked about the 2nd\"}").statusCode());
            // The console's charts count ratings as they stand: the up was changed to a down, so one down and no up
            // (written off the request thread, so waited for).
            JsonObject thumbs = null;
            for (int i = 0; i < 200; i++) {
                thumbs = TestPorter.json(porter.adminGet("/api/admin/v1/analytics?propertyId=maple-court"
                        + "&from=2026-03-01&to=2026-03-01").body()).getJsonObject("totals").getJsonObject("thumbs");
                if (thumbs.getInt("down") >= 1) {
                    break;
                }
                Thread.sleep(50);
            }
            Thread.sleep(200); // a wrongly counted second press would land by now
            thumbs = TestPorter.json(porter.adminGet("/api/admin/v1/analytics?propertyId=maple-court"
                    + "&from=2026-03-01&to=2026-03-01").body()).getJsonObject("totals").getJsonObject("thumbs");
            assertEquals(0, thumbs.getInt("up"), thumbs.toString());
            assertEquals(1, thumbs.getInt("down"), thumbs.toString());
            assertEquals("escalated", porter.ask(tenant, "yes").getString("mode"),
                    "a yes after the thumbs-down brings in a person through the inbox");
            assertTrue(porter.adminGet("/api/admin/v1/escalations?status=open").body().contains(tenant.id()));

            // The satisfaction score: 1-5, for the conversation or one of its tickets; the latest wins.
            assertEquals(400, csat(porter, tenant, "{\"score\":6}").statusCode());
            assertEquals(400, csat(porter, tenant, "{\"score\":\"5\"}").statusCode());
            assertEquals(400, csat(porter, tenant, "{\"score\":4,\"ticketReference\":\"MC 1\"}").statusCode());
            assertEquals(200, csat(porter, tenant, "{\"score\":2}").statusCode());
            assertEquals(200, csat(porter, tenant, "{\"score\":4}").statusCode());
            assertEquals(200, csat(porter, tenant, "{\"score\":5,\"ticketReference\":\"MC-1001\"}").statusCode());
            assertEquals(List.of("4", "5"), column(porter, "SELECT score FROM csat_scores ORDER BY score"));

            // Sealed: the comment is in no file of the data directory (porter.db, its WAL), yet the export has it.
            assertNoFileContains(dataDir, MARKER);
            JsonObject export = TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/" + tenant.id()
                    + "/export"), tenant.token()).body()).getJsonArray("conversations").getJsonObject(0);
            JsonObject feedback = export.getJsonObject("feedback");
            assertEquals(MARKER + " I asked about the 2nd", feedback.getJsonArray("ratings").getJsonObject(0)
                    .getString("comment"));
            assertEquals(2, feedback.getJsonArray("satisfaction").size());
            assertEquals("thumbs-down", export.getJsonArray("knowledgeGaps").getJsonObject(0).getString("reason"));

            // Erased with the conversation: ratings, scores and its knowledge gaps.
            assertEquals(200, porter.delete(porter.tenant("/api/v1/conversations/" + tenant.id()), tenant.token())
                    .statusCode());
            assertEquals(List.of(), column(porter, "SELECT message_id FROM message_ratings"));
            assertEquals(List.of(), column(porter, "SELECT score FROM csat_scores"));
            assertEquals(List.of(), column(porter, "SELECT id FROM knowledge_gaps"));

            // Purged after the retention class "feedback", while the conversation itself is kept longer.
            TestPorter.Started later = porter.startConversation();
            String laterAnswer = porter.ask(later, "When is rent due?").getString("messageId");
            assertEquals(200, rate(porter, later, laterAnswer, "{\"rating\":\"up\",\"comment\":\"fine\"}").statusCode());
            assertEquals(200, csat(porter, later, "{\"score\":5}").statusCode());
            assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/retention"), "{\"feedback\": 30}",
                    TestPorter.ADMIN_TOKEN).statusCode());
            clock.advance(Duration.ofDays(31));
            Retention retention = porter.porter.privacy().retention();
            assertEquals(2, retention.preview().due(DataClass.FEEDBACK));
            Retention.Run run = retention.runIfDue().orElseThrow();
            assertEquals(2L, run.purged().get(DataClass.FEEDBACK));
            assertEquals(List.of(), column(porter, "SELECT message_id FROM message_ratings"));
            assertEquals(List.of(), column(porter, "SELECT score FROM csat_scores"));
            assertEquals(200, porter.get(porter.tenant("/api/v1/conversations/" + later.id() + "/messages"),
                    later.token()).statusCode(), "the conversation is kept for its own, longer retention");
        }
    }

    @Test
    void notWhatIAskedOffersAPersonInEachLanguage() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            for (String text : List.of("That's not what I asked", "Eso no es lo que pregunté",
                    "Ce n'est pas ce que j'ai demandé", "这不是我问的", "Đó không phải điều tôi hỏi",
                    "هذا ليس ما سألت")) {
                TestPorter.Started tenant = porter.startConversation();
                porter.ask(tenant, "When is rent due?");
                JsonObject reply = porter.ask(tenant, text);
                assertTrue(reply.containsKey("form"), text + ": " + reply);
                assertEquals("person", reply.getJsonObject("form").getJsonArray("options").getJsonObject(0)
                        .getString("value"), text);
                assertEquals("escalated", porter.ask(tenant, "person").getString("mode"), text);
            }
        }
    }

    private static String feedbackPath(TestPorter.Started tenant, String messageId) {
        return "/api/v1/conversations/" + tenant.id() + "/messages/" + messageId + "/feedback";
    }

    private static HttpResponse<String> rate(TestPorter porter, TestPorter.Started tenant, String messageId,
                                             String body) {
        return porter.postJson(porter.tenant(feedbackPath(tenant, messageId)), body, tenant.token());
    }

    private static HttpResponse<String> csat(TestPorter porter, TestPorter.Started tenant, String body) {
        return porter.postJson(porter.tenant("/api/v1/conversations/" + tenant.id() + "/csat"), body, tenant.token());
    }

    private static List<String> column(TestPorter porter, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + porter.dataDir.resolve("porter.db"));
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static void assertNoFileContains(Path dir, String marker) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(marker),
                            "in plaintext in " + file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
