package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import org.junit.jupiter.api.extension.ExtendWith;
import app.porter.net.LoopbackOnly;

/** The tenant conversation API on a real server, a real SQLite file and the real embedding model. */
@ExtendWith(LoopbackOnly.class) // issue 13: nothing here may talk to anything but loopback
class TenantApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_ALLOWED_ORIGINS", "https://www.maplecourt.example"));
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "When is my rent due?|rent-due-date",
            "How much do I pay if my rent is late?|late-fees",
            "What payment methods do you accept?|accepted-payment-methods",
            "I locked myself out of my apartment, what do I do?|lock-outs",
            "Am I allowed to have a dog?|pets",
            "When is the office open?|office-hours",
            "How do I get my deposit back after I move out?|security-deposit-return",
            "Can I use a charcoal grill on my balcony?|balcony-and-grill-rules",
            "How much notice do I need to give before moving out?|move-out-notice",
            "Where can I park my car?|parking",
            "Is there a gym?|fitness-center",
    })
    void answersDemoQuestionsWithTheRightCitation(String question, String expectedSlug) {
        JsonObject reply = porter.ask(porter.startConversation(), question);

        assertEquals("extractive", reply.getString("mode"));
        List<JsonObject> citations = reply.getJsonArray("citations").getValuesAs(JsonObject.class);
        assertFalse(citations.isEmpty(), "expected a citation for: " + question);
        assertEquals("maple-court-handbook#" + expectedSlug, citations.getFirst().getString("sourceId"),
                "best citation for: " + question);
        assertTrue(reply.getString("reply").contains(citations.getFirst().getString("title")));
        assertFalse(reply.getString("messageId").isBlank());
    }

    @Test
    void saysItDoesNotKnowWhenNothingMatches() {
        JsonObject reply = porter.ask(porter.startConversation(), "What is the capital of Mongolia?");

        assertEquals(ExtractiveAnswerer.DONT_KNOW, reply.getString("reply"));
        assertTrue(reply.getJsonArray("citations").isEmpty());
        assertEquals("extractive", reply.getString("mode"));
    }

    @Test
    void streamsTokensThenCitationsThenDone() {
        TestPorter.Started conversation = porter.startConversation();
        List<TestPorter.Event> events = porter.askStreaming(conversation, "What are the quiet hours?");

        List<String> names = events.stream().map(TestPorter.Event::name).toList();
        int firstCitation = names.indexOf("citation");
        assertTrue(names.indexOf("token") == 0 && names.lastIndexOf("token") < firstCitation,
                "tokens come first, then citations: " + names);
        assertEquals("done", names.getLast());
        assertTrue(names.stream().filter("token"::equals).count() > 5, "the reply is streamed in pieces");
        assertEquals("maple-court-handbook#quiet-hours", events.get(firstCitation).data().getString("sourceId"));
        JsonObject done = events.getLast().data();
        assertEquals("extractive", done.getString("mode"));
        assertEquals("maple-court-handbook#quiet-hours",
                done.getJsonArray("citations").getJsonObject(0).getString("sourceId"));

        // What was streamed is exactly what was stored.
        String streamed = events.stream().filter(e -> e.name().equals("token"))
                .map(e -> e.data().getString("text")).reduce("", String::concat);
        JsonObject history = TestPorter.json(porter.get(porter.tenant(
                "/api/v1/conversations/" + conversation.id() + "/messages"), conversation.token()).body());
        List<JsonObject> messages = history.getJsonArray("messages").getValuesAs(JsonObject.class);
        assertEquals(2, messages.size());
        assertEquals("tenant", messages.get(0).getString("role"));
        assertEquals("What are the quiet hours?", messages.get(0).getString("text"));
        assertEquals("assistant", messages.get(1).getString("role"));
        assertEquals(streamed, messages.get(1).getString("text"));
        assertEquals(done.getString("messageId"), messages.get(1).getString("messageId"));
    }

    @Test
    void historyKeepsTheWholeConversationInOrder() {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "Is there a laundry room?");
        porter.ask(conversation, "What about packages?");

        JsonObject history = TestPorter.json(porter.get(porter.tenant(
                "/api/v1/conversations/" + conversation.id() + "/messages"), conversation.token()).body());
        List<String> texts = history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("role") + ":" + m.getString("text").substring(0, 12)).toList();
        assertEquals(4, texts.size());
        assertEquals("tenant:Is there a l", texts.get(0));
        assertTrue(texts.get(1).startsWith("assistant:"));
        assertEquals("tenant:What about p", texts.get(2));
    }



    @Test
    void servesTheWidgetAndTheDemoPage() {
        HttpResponse<String> widget = porter.get(porter.tenant("/widget.js"), null);
        assertEquals(200, widget.statusCode());
        assertTrue(widget.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(widget.body().contains("/api/v1"));

        HttpResponse<String> page = porter.get(porter.tenant("/"), null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Maple Court"));
        assertTrue(page.body().contains("src=\"/widget.js\""));
    }

    @Test
    void letsTheWidgetCallFromTheFirmsOwnSite() {
        HttpResponse<String> preflight = porter.send(HttpRequest.newBuilder(porter.tenant("/api/v1/conversations"))
                .header("Origin", "https://www.maplecourt.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                preflight.headers().map().toString());
        // Any other site is refused (issue 13: CORS was open to every origin by default).
        HttpResponse<String> other = porter.send(HttpRequest.newBuilder(porter.tenant("/api/v1/conversations"))
                .header("Origin", "https://attacker.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), other.headers().map().toString());
    }

    @Test
    void theDemoPageAndTheWidgetCarryAContentSecurityPolicy() {
        HttpResponse<String> page = porter.get(porter.tenant("/"), null);
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'self'") && policy.contains("script-src 'self'"), policy);
        assertEquals("SAMEORIGIN", page.headers().firstValue("X-Frame-Options").orElse(""));
        String widgetPolicy = porter.get(porter.tenant("/widget.js"), null).headers()
                .firstValue("Content-Security-Policy").orElse("");
        assertTrue(widgetPolicy.contains("frame-ancestors 'none'"), widgetPolicy);
    }

    @Test
    void reportsHealthAndMetrics() {
        HttpResponse<String> health = porter.get(porter.tenant("/observe/health"), null);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("UP"), health.body());

        porter.ask(porter.startConversation(), "Where is the gym?");
        // Metrics are for staff: on the admin socket, behind its token; the public socket has none (issue 13).
        assertEquals(404, porter.send(HttpRequest.newBuilder(porter.tenant("/observe/metrics"))
                .header("Accept", "text/plain").GET().build()).statusCode());
        assertEquals(401, porter.send(HttpRequest.newBuilder(porter.admin("/observe/metrics"))
                .header("Accept", "text/plain").GET().build()).statusCode());
        HttpResponse<String> metrics = porter.send(HttpRequest.newBuilder(porter.admin("/observe/metrics"))
                .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                .header("Accept", "text/plain").GET().build());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("porter_conversations_started_total"), metrics.body());
        assertTrue(metrics.body().contains("porter_replies_total{mode=\"extractive\""), metrics.body());
    }

    static void assertError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON error expected: " + response.headers().map());
        JsonObject body = TestPorter.json(response.body());
        assertFalse(body.getString("error").isBlank());
        assertFalse(body.getString("detail").isBlank());
        assertFalse(response.body().contains("Exception"), "no stack trace: " + response.body());
        assertFalse(response.body().contains("\tat "), "no stack trace: " + response.body());
    }
}
