package app.porter.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.LogCapture;
import app.porter.TestPorter;
import app.porter.language.Language;

/**
 * Analytics on a real appliance (real SQLite, the real embedder, extractive mode): real conversations are driven
 * through the tenant API (answers, a "don't know", small talk, a maintenance flow to a ticket, an escalation that
 * staff answer, a held conversation, an emergency, Spanish), then the admin API's aggregates and CSV tables are
 * checked against what happened. Every stored event, the metrics and the logs are searched for what tenants typed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest {

    /** In every message a tenant types here: it must turn up in no event, metric or log line. */
    private static final String MARK = "Zebrafish77";

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static LogCapture logs;

    /** Answers by analytics kind, as the tenant API's replies showed them. */
    final Map<String, Long> expectedModes = new HashMap<>();
    final List<String> typed = new ArrayList<>();
    int messages;
    int conversations;
    String reference;

    @BeforeAll
    void driveConversations() throws Exception {
        logs = LogCapture.start();
        porter = TestPorter.start(dataDir);

        TestPorter.Started asks = start();
        expect("extractive", say(asks, "How much do I pay if my rent is late?"));
        expect("dont-know", say(asks, "What is the capital of Mongolia?"));
        expect("small-talk", say(asks, "Hello"));

        TestPorter.Started repair = start();
        for (String step : List.of("I want to report a maintenance problem", "plumbing", "Apt C-204", "kitchen",
                "The tap drips all night " + MARK, "3", "yes", "no", "weekday-mornings", "chat")) {
            expect("flow", say(repair, step));
        }
        JsonObject submitted = say(repair, "submit");
        expect("flow", submitted);
        var m = java.util.regex.Pattern.compile("MC-\\d{4}").matcher(submitted.getString("reply"));
        assertTrue(m.find(), submitted.toString());
        reference = m.group();

        TestPorter.Started person = start();
        expect("escalated", say(person, "Can I talk to a real person please?"));
        String escalation = escalationOf(person);
        HttpResponse<String> staff = porter.adminPost("/api/admin/v1/escalations/" + escalation + "/messages",
                "{\"text\":\"The office here: a plumber comes at 3pm.\"}");
        assertEquals(201, staff.statusCode(), staff.body());
        expect("held", say(person, "Thanks, what time exactly " + MARK + "?"));

        TestPorter.Started gas = start();
        expect("emergency", say(gas, "I smell gas in the hallway"));

        TestPorter.Started spanish = start();
        JsonObject es = say(spanish, "¿Cuánto tengo que pagar si pago el alquiler tarde?");
        assertEquals("es", es.getString("language"), es.toString());
        expect(es.getJsonArray("citations").isEmpty() ? "dont-know" : "extractive", es);

        porter.porter.analytics().thumb("maple-court", Language.EN, true);
        porter.porter.analytics().thumb("maple-court", Language.EN, true);
        porter.porter.analytics().thumb("maple-court", Language.ES, false);
        porter.porter.analytics().csat("maple-court", Language.EN, 5);
        porter.porter.analytics().csat("maple-court", Language.ES, 2);
        assertTrue(porter.porter.analytics().flush(Duration.ofSeconds(10)));
    }

    @AfterAll
    void stop() {
        porter.close();
        logs.close();
    }

    private TestPorter.Started start() {
        conversations++;
        return porter.startConversation();
    }

    private JsonObject say(TestPorter.Started c, String text) {
        messages++;
        typed.add(text);
        return porter.ask(c, text);
    }

    /** Checks the reply's HTTP mode agrees with the analytics kind expected, and counts it. */
    private void expect(String kind, JsonObject reply) {
        String mode = reply.getString("mode");
        String http = switch (kind) {
            case "dont-know" -> "extractive";
            case "small-talk" -> "flow";
            case "held" -> "human";
            default -> kind;
        };
        assertEquals(http, mode, reply.toString());
        if (kind.equals("extractive")) {
            assertFalse(reply.getJsonArray("citations").isEmpty(), reply.toString());
        } else if (kind.equals("dont-know")) {
            assertTrue(reply.getJsonArray("citations").isEmpty(), reply.toString());
        }
        expectedModes.merge(kind, 1L, Long::sum);
    }

    private static String escalationOf(TestPorter.Started c) {
        return TestPorter.json(porter.adminGet("/api/admin/v1/escalations/queue").body())
                .getJsonArray("escalations").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("conversationId").equals(c.id()))
                .findFirst().orElseThrow().getString("id");
    }

    private static JsonObject report(String query) {
        HttpResponse<String> response = porter.adminGet("/api/admin/v1/analytics" + query);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body());
    }

    @Test
    void theReportCountsWhatHappened() {
        JsonObject report = report("?propertyId=maple-court");
        assertEquals("maple-court", report.getString("propertyId"));
        assertEquals("day", report.getString("bucket"));
        assertEquals(30, report.getJsonArray("series").size(), "30 days by default, empty ones too");
        JsonObject today = report.getJsonArray("series").getJsonObject(29);
        assertEquals(LocalDate.now().toString(), today.getString("start"));
        JsonObject totals = report.getJsonObject("totals");
        assertEquals(today.toString().replace(today.getString("start"), ""),
                totals.toString().replace(totals.getString("start"), ""), "everything happened today");

        assertEquals(conversations, totals.getInt("conversations"));
        assertEquals(messages, totals.getInt("messages"));
        JsonObject modes = totals.getJsonObject("answerModes");
        for (AnswerKind kind : AnswerKind.values()) {
            assertEquals(expectedModes.getOrDefault(kind.id(), 0L), modes.getJsonNumber(kind.id()).longValue(),
                    kind.id() + " in " + modes);
        }
        JsonObject answered = totals.getJsonObject("answered");
        assertEquals(expectedModes.getOrDefault("extractive", 0L), answered.getInt("knowledgeBase"));
        assertEquals(expectedModes.getOrDefault("dont-know", 0L), answered.getInt("dontKnow"));
        assertEquals(1, totals.getInt("ticketsCreated"), "the maintenance flow's ticket " + reference);
        int escalations = TestPorter.json(porter.adminGet("/api/admin/v1/escalations").body())
                .getJsonArray("escalations").size();
        assertEquals(escalations, totals.getInt("escalations"), "as many as the escalation list holds");
        assertTrue(escalations >= 2, "a person asked for, and the gas");
        assertEquals(1, totals.getInt("emergencies"));
        JsonObject firstReply = totals.getJsonObject("firstReplyMs");
        assertEquals(1, firstReply.getInt("count"));
        assertTrue(firstReply.getJsonNumber("p50").longValue() >= 0);

        assertEquals(messages, totals.getJsonObject("latencyMs").getInt("count"));
        long p50 = totals.getJsonObject("latencyMs").getJsonNumber("p50").longValue();
        long p95 = totals.getJsonObject("latencyMs").getJsonNumber("p95").longValue();
        assertTrue(p50 >= 0 && p95 >= p50 && p95 < 60_000, p50 + " / " + p95);

        JsonObject languages = totals.getJsonObject("languages");
        assertEquals(1, languages.getInt("es"), languages.toString());
        assertEquals(messages, languages.values().stream()
                .mapToInt(v -> ((jakarta.json.JsonNumber) v).intValue()).sum(), "every message has a language");

        assertEquals(3.5, totals.getJsonObject("csat").getJsonNumber("average").doubleValue(), 1e-9);
        assertEquals(2, totals.getJsonObject("csat").getInt("responses"));
        JsonObject thumbs = totals.getJsonObject("thumbs");
        assertEquals(2, thumbs.getInt("up"));
        assertEquals(1, thumbs.getInt("down"));
        assertEquals(2.0 / 3, thumbs.getJsonNumber("upRatio").doubleValue(), 1e-9);
    }

    @Test
    void thePortfolioAndWeeksAddUpAndAnotherPropertyIsEmpty() {
        JsonObject portfolio = report("?bucket=week&from=" + LocalDate.now().minusDays(20));
        assertTrue(portfolio.isNull("propertyId"));
        assertEquals("week", portfolio.getString("bucket"));
        int weeks = portfolio.getJsonArray("series").size();
        assertTrue(weeks == 3 || weeks == 4, "20 days span 3 or 4 ISO weeks: " + weeks);
        assertEquals(messages, portfolio.getJsonObject("totals").getInt("messages"));
        assertEquals(messages, portfolio.getJsonArray("series").getJsonObject(weeks - 1).getInt("messages"));

        HttpResponse<String> added = porter.adminPost("/api/admin/v1/properties",
                "{\"id\":\"harbor-view\",\"name\":\"Harbor View\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(0, report("?propertyId=harbor-view").getJsonObject("totals").getInt("messages"));
    }

    @Test
    void badQueriesAreRefused() {
        for (String query : List.of("?bucket=month", "?from=yesterday", "?from=2026-12-01&to=2026-11-01",
                "?from=2020-01-01&to=2026-01-01", "?propertyId=Not%20A%20Property")) {
            HttpResponse<String> response = porter.adminGet("/api/admin/v1/analytics" + query);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            assertEquals("bad_request", TestPorter.json(response.body()).getString("error"));
        }
        assertEquals(401, porter.get(porter.admin("/api/admin/v1/analytics"), null).statusCode());
        assertEquals(404, porter.adminGet("/api/admin/v1/analytics?propertyId=no-such-place").statusCode());
    }

    @Test
    void everyChartTableDownloadsAsCsv() {
        JsonObject report = report("");
        List<String> tables = report.getJsonArray("tables").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
        assertEquals(List.of("volume", "answers", "office", "first-reply", "csat", "thumbs", "languages",
                "answer-modes", "latency"), tables);
        for (String table : tables) {
            HttpResponse<String> csv = porter.adminGet("/api/admin/v1/analytics/" + table + ".csv");
            assertEquals(200, csv.statusCode(), table + ": " + csv.body());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains(table + ".csv"));
            List<String> lines = csv.body().lines().toList();
            assertEquals(31, lines.size(), "a header and 30 days: " + table);
            assertTrue(lines.getFirst().startsWith("bucket_start,"), lines.getFirst());
        }
        List<String> modes = porter.adminGet("/api/admin/v1/analytics/answer-modes.csv").body().lines().toList();
        assertEquals("bucket_start,extractive,generative,dont-know,flow,small-talk,escalated,held,emergency",
                modes.getFirst());
        String expected = LocalDate.now() + "," + Arrays.stream(AnswerKind.values())
                .map(k -> String.valueOf(expectedModes.getOrDefault(k.id(), 0L)))
                .collect(Collectors.joining(","));
        assertEquals(expected, modes.getLast());
        String yesterday = modes.get(modes.size() - 2);
        assertEquals(LocalDate.now().minusDays(1) + ",0,0,0,0,0,0,0,0", yesterday);
        List<String> latency = porter.adminGet("/api/admin/v1/analytics/latency.csv").body().lines().toList();
        assertEquals(LocalDate.now().minusDays(1) + ",,,0", latency.get(latency.size() - 2), "no timing: empty");

        HttpResponse<String> unknown = porter.adminGet("/api/admin/v1/analytics/nonsense.csv");
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    @Test
    void noEventMetricOrLogHoldsWhatATenantTyped() throws Exception {
        Set<String> kinds = Arrays.stream(EventKind.values()).map(EventKind::id).collect(Collectors.toSet());
        Set<String> details = Set.of("extractive", "generative", "dont-know", "flow", "small-talk", "escalated",
                "held", "emergency", "tenant-request", "gas");
        int rows = 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             Statement query = db.createStatement();
             ResultSet events = query.executeQuery("SELECT * FROM analytics_events")) {
            ResultSetMetaData columns = events.getMetaData();
            assertEquals(List.of("day", "hour", "property_id", "kind", "language", "detail", "value"),
                    java.util.stream.IntStream.rangeClosed(1, columns.getColumnCount()).mapToObj(i -> {
                        try {
                            return columns.getColumnName(i);
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList(), "no column for text or a conversation id");
            while (events.next()) {
                rows++;
                assertTrue(events.getString("day").matches("\\d{4}-\\d{2}-\\d{2}"));
                assertTrue(events.getString("hour").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00Z"),
                        "kept to the hour: " + events.getString("hour"));
                String property = events.getString("property_id");
                assertTrue(property == null || property.equals("maple-court"), property);
                assertTrue(kinds.contains(events.getString("kind")), events.getString("kind"));
                String language = events.getString("language");
                assertTrue(language == null || Language.tags().contains(language), language);
                String detail = events.getString("detail");
                assertTrue(detail == null || details.contains(detail), "enum-like detail only: " + detail);
            }
        }
        assertTrue(rows >= 2 * messages, "a message and an answer each, at least: " + rows);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             Statement query = db.createStatement();
             ResultSet daily = query.executeQuery("SELECT property_id, kind, language, detail FROM analytics_daily")) {
            while (daily.next()) {
                assertTrue(Set.of("", "maple-court").contains(daily.getString(1)), daily.getString(1));
                assertTrue(kinds.contains(daily.getString(2)), daily.getString(2));
                assertTrue(daily.getString(3).isEmpty() || Language.tags().contains(daily.getString(3)));
                assertTrue(daily.getString(4).isEmpty() || details.contains(daily.getString(4)), daily.getString(4));
            }
        }

        String metrics = porter.get(porter.tenant("/observe/metrics"), null).body();
        String csv = porter.adminGet("/api/admin/v1/analytics/answer-modes.csv").body()
                + porter.adminGet("/api/admin/v1/analytics").body();
        for (String text : typed) {
            for (String word : text.split("\\W+")) {
                if (word.length() > 6) {
                    assertFalse(csv.contains(word), "a report holds the tenant's word " + word);
                }
            }
        }
        assertFalse(metrics.contains(MARK), "a metric holds what a tenant typed");
        assertFalse(logs.text().contains(MARK), "a log line holds what a tenant typed");
    }
}
