package app.porter.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * The training-dataset export on a real appliance: conversations seeded with known phone numbers, e-mail
 * addresses, names and apartment numbers come out with none of them, each replaced by the same numbered
 * placeholder throughout its conversation; a staff reply replaces the answer it corrected; splits never share a
 * conversation and are the same for the same seed; a conversation under legal hold is left out and counted; the
 * export is audited with its reason.
 */
class DatasetExportTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static TestPorter.Started dana;
    static TestPorter.Started escalated;
    static TestPorter.Started held;

    /** Every detail the seeded tenants typed, as it must never appear in the export. */
    static final List<String> SECRETS = List.of("Whitfield", "Dana", "312) 555-0147", "555-0147", "5550147",
            "dana.whitfield@example.com", "example.com", "Okonkwo", "Chidi", "chidi.o@mail.test", "646-555-0199",
            "Nguyễn Thị Lan", "王芳", "4B", "Sam Carter");

    @BeforeAll
    static void seed() throws Exception {
        porter = TestPorter.start(dataDir);
        dana = porter.startConversation();
        porter.ask(dana, "Hi, my name is Dana Whitfield and I live in apartment 4B. When is rent due?");
        porter.ask(dana, "Please call me at (312) 555-0147 or write to dana.whitfield@example.com");
        porter.ask(dana, "Sorry, once more: 312-555-0147. Can I have a cat in unit 4B?");

        escalated = porter.startConversation();
        porter.ask(escalated, "My name is Chidi Okonkwo, chidi.o@mail.test. I want to talk to a person please");
        String escalation = escalationOf(escalated);
        HttpResponse<String> reply = porter.adminPost("/api/admin/v1/escalations/" + escalation + "/messages",
                Json.createObjectBuilder().add("text", "Hello Chidi, this is Sam Carter from the office: I will call"
                        + " you at 646-555-0199 about it.").build().toString());
        assertEquals(201, reply.statusCode(), reply.body());

        held = porter.startConversation();
        porter.ask(held, "tôi tên là Nguyễn Thị Lan, where do I park? 我叫王芳");
        assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/legal-holds/" + held.id()),
                "{\"reason\":\"dispute\"}", TestPorter.ADMIN_TOKEN).statusCode());

        // Enough plain conversations for all three splits to be drawn.
        for (int i = 0; i < 24; i++) {
            porter.ask(porter.startConversation(), i % 2 == 0 ? "Where is the laundry room?" : "Are pets allowed?");
        }
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void noSeededDetailReachesTheExport() throws Exception {
        Map<String, String> files = export("{\"reason\":\"fine-tune, ticket 42\"}");
        String all = String.join("\n", files.values());
        for (String secret : SECRETS) {
            assertFalse(all.contains(secret), "the export holds " + secret);
        }
        JsonObject report = TestPorter.json(files.get("report.json"));
        assertTrue(report.getJsonObject("redacted").getInt("PHONE") >= 3, report.toString());
        assertTrue(report.getJsonObject("redacted").getInt("EMAIL") >= 2, report.toString());
        assertTrue(report.getJsonObject("redacted").getInt("NAME") >= 3, report.toString());
        assertTrue(report.getJsonObject("redacted").getInt("UNIT") >= 2, report.toString());
        assertEquals(1, report.getJsonObject("dropped").getInt("legal-hold"), report.toString());
    }

    @Test
    void aDetailKeepsOnePlaceholderThroughItsConversation() throws Exception {
        JsonObject record = recordMentioning(export("{\"reason\":\"placeholders\"}"), "[EMAIL_1]", "cat");
        // The tenant's own turns (Porter's answers may quote the office's numbers, replaced too, as [PHONE_2] ...).
        String text = record.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("role").equals("user")).map(JsonObject::toString)
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals(2, count(text, "[PHONE_1]"), text); // "(312) 555-0147" and "312-555-0147" are one number
        assertFalse(text.contains("[PHONE_2]"), text);
        assertEquals(2, count(text, "[UNIT_1]"), text);   // "apartment 4B" and "unit 4B"
        assertTrue(text.contains("[NAME_1]"), text);
        assertEquals("user", record.getJsonArray("messages").getJsonObject(1).getString("role"));
        assertEquals("system", record.getJsonArray("messages").getJsonObject(0).getString("role"));
    }

    @Test
    void aStaffReplyReplacesTheAnswerItCorrected() throws Exception {
        JsonObject record = recordMentioning(export("{\"reason\":\"corrections\"}"), "talk to a person", null);
        JsonObject labels = record.getJsonObject("labels");
        assertTrue(labels.getBoolean("escalated"), labels.toString());
        assertTrue(labels.getBoolean("correctedByStaff"), labels.toString());
        JsonObject last = record.getJsonArray("messages").getJsonObject(record.getJsonArray("messages").size() - 1);
        assertEquals("assistant", last.getString("role"));
        assertEquals("staff", last.getString("source"));
        assertTrue(last.getString("content").contains("[PHONE_"), last.toString());
        assertTrue(last.getString("content").contains("[NAME_"), last.toString());
    }

    @Test
    void splitsNeverShareAConversationAndFollowTheSeed() throws Exception {
        Map<String, String> first = export("{\"reason\":\"splits\",\"seed\":7}");
        Map<String, String> again = export("{\"reason\":\"splits again\",\"seed\":7}");
        Map<String, String> idsToSplit = new HashMap<>();
        for (String split : List.of("train", "validation", "test")) {
            for (String line : lines(first.get(split + ".jsonl"))) {
                String id = TestPorter.json(line).getString("id");
                assertEquals(split, TestPorter.json(line).getString("split"));
                String before = idsToSplit.put(id, split);
                assertEquals(null, before, id + " is in " + before + " and " + split);
            }
            assertEquals(first.get(split + ".jsonl"), again.get(split + ".jsonl"), "same seed, same " + split);
        }
        assertEquals(26, idsToSplit.size()); // 27 seeded, one under legal hold
        // Which splits 26 random conversation ids fall in is chance (all in train 0.3% of runs): the proportions are
        // SplitTest's, on fixed ids.
        Set<String> realIds = Set.of(dana.id(), escalated.id(), held.id());
        assertTrue(idsToSplit.keySet().stream().noneMatch(realIds::contains), "record ids are not conversation ids");
    }

    @Test
    void theExportIsAuditedAndNeedsAReason() throws Exception {
        assertEquals(400, porter.adminPost("/api/admin/v1/dataset/export", "{}").statusCode());
        assertEquals(404, porter.adminPost("/api/admin/v1/dataset/export",
                "{\"reason\":\"x\",\"propertyId\":\"nowhere\"}").statusCode());
        assertEquals(400, porter.adminPost("/api/admin/v1/dataset/export",
                "{\"reason\":\"x\",\"from\":\"last tuesday\"}").statusCode());
        export("{\"reason\":\"audit check, call 312-555-0147\"}");
        String audit = porter.adminGet("/api/admin/v1/audit?action=dataset.").body();
        assertTrue(audit.contains("dataset.exported"), audit);
        assertTrue(audit.contains("audit check"), audit);
        assertFalse(audit.contains("555-0147"), "the stated reason is redacted: " + audit);
    }

    static Map<String, String> export(String body) throws Exception {
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(porter.admin("/api/admin/v1/dataset/export"))
                        .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/zip", response.headers().firstValue("Content-Type").orElse(""));
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(Set.of("train.jsonl", "validation.jsonl", "test.jsonl", "report.json"), files.keySet());
        return files;
    }

    private static JsonObject recordMentioning(Map<String, String> files, String one, String other) {
        for (String split : List.of("train", "validation", "test")) {
            for (String line : lines(files.get(split + ".jsonl"))) {
                if (line.contains(one) && (other == null || line.contains(other))) {
                    return Json.createReader(new StringReader(line)).readObject();
                }
            }
        }
        throw new AssertionError("no record with " + one);
    }

    private static List<String> lines(String jsonl) {
        return jsonl.lines().filter(l -> !l.isBlank()).toList();
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String escalationOf(TestPorter.Started c) {
        for (JsonObject e : TestPorter.json(porter.adminGet("/api/admin/v1/escalations/queue").body())
                .getJsonArray("escalations").getValuesAs(JsonObject.class)) {
            if (e.getString("conversationId").equals(c.id())) {
                return e.getString("id");
            }
        }
        throw new AssertionError("not in the inbox: " + c.id());
    }
}
