package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.store.Database;

/**
 * The knowledge base through the real HTTP API of a real appliance: the portfolio, uploads of real PDF, Word, CSV,
 * HTML and Markdown files with their ingestion jobs, previews, scoped search, deletes that take effect at once,
 * bad files, and, through the tenant API, that no tenant is ever given another property's or another unit's text.
 */
class KnowledgeApiTest {

    private static final String TOKEN = TestPorter.ADMIN_TOKEN;

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static String lease4b;
    static String lease5a;
    static String maintenance;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
        assertEquals(201, createProperty("harbor-view", "Harbor View Apartments").statusCode());
        assertEquals(201, createUnit("harbor-view", "4B").statusCode());
        assertEquals(201, createUnit("harbor-view", "5A").statusCode());
        lease4b = uploadAndWait("lease-4b.pdf", "application/pdf",
                TestDocuments.pdf("Lease: Harbor View 4B", TestDocuments.resource("lease-harbor-view-4b.txt")),
                "harbor-view", "4B");
        lease5a = uploadAndWait("lease-5a.docx", SourceFormat.DOCX.mediaType(),
                TestDocuments.docx("Lease: Harbor View 5A", TestDocuments.resource("lease-harbor-view-5a.txt")),
                "harbor-view", "5A");
        maintenance = uploadAndWait("maintenance.csv", "text/csv",
                TestDocuments.resource("harbor-view-maintenance.csv").getBytes(StandardCharsets.UTF_8),
                "harbor-view", null);
        uploadAndWait("house-rules.html", "text/html",
                TestDocuments.resource("harbor-view-house-rules.html").getBytes(StandardCharsets.UTF_8),
                "harbor-view", null);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void propertiesAndUnits() {
        assertError(createProperty("harbor-view", "Again"), 409);
        assertError(createProperty("Not An Id", "Bad"), 400);
        assertError(createUnit("harbor-view", "4B"), 409);
        assertError(createUnit("nowhere", "1A"), 404);
        assertError(createUnit("harbor-view", "4/B"), 400);
        JsonObject property = TestPorter.json(porter.get(porter.admin("/api/admin/v1/properties/harbor-view"), TOKEN).body());
        assertEquals("Harbor View Apartments", property.getString("name"));
        assertEquals(List.of("4B", "5A"), property.getJsonArray("units").getValuesAs(JsonObject.class).stream()
                .map(u -> u.getString("id")).toList());
        JsonObject all = TestPorter.json(porter.get(porter.admin("/api/admin/v1/properties"), TOKEN).body());
        assertEquals(Set.of("harbor-view", "maple-court"), all.getJsonArray("properties").getValuesAs(JsonObject.class)
                .stream().map(p -> p.getString("id")).collect(Collectors.toSet()));
    }

    @Test
    void listsDocumentsWithScopeTypeStatusAndPassagesAndPreviewsThem() {
        JsonObject lease = documents().get(lease4b);
        assertEquals("Lease: Harbor View 4B", lease.getString("title"));
        assertEquals("pdf", lease.getString("type"));
        assertEquals("unit", lease.getString("scope"));
        assertEquals("harbor-view", lease.getString("propertyId"));
        assertEquals("4B", lease.getString("unitId"));
        assertEquals("indexed", lease.getString("status"));
        assertEquals("clauses", lease.getString("structure"));
        assertEquals(2, lease.getInt("pages"));
        assertEquals(17, lease.getInt("passages"));
        assertEquals("maintenance-records", documents().get(maintenance).getString("structure"));

        JsonObject preview = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents/" + lease4b), TOKEN).body());
        List<JsonObject> passages = preview.getJsonArray("passages").getValuesAs(JsonObject.class);
        assertEquals(17, passages.size());
        assertEquals("1. Parties", passages.getFirst().getString("title"));
        JsonObject pets = passages.stream().filter(p -> p.getString("title").equals("7.2 Pets")).findFirst().orElseThrow();
        assertEquals(lease4b + "#7-2-pets", pets.getString("sourceId"));
        assertTrue(pets.getString("text").startsWith("The Tenant may keep one cat"));
        assertError(porter.get(porter.admin("/api/admin/v1/kb/documents/no-such-document"), TOKEN), 404);
    }

    @Test
    void aTenantIsOnlyEverGivenTheirOwnPropertyAndUnit() {
        Map<String, JsonObject> documents = documents();
        List<String> questions = List.of("Am I allowed to have a cat?", "How much is my monthly rent?",
                "Which parking space is mine?", "Is my dishwasher repair done yet?", "What happened with my sink?",
                "Who is the tenant of this lease?", "What are the quiet hours?", "How much is the late fee?");
        Map<String, Scope> tenants = new HashMap<>();
        tenants.put("4B", Scope.unit("harbor-view", "4B"));
        tenants.put("5A", Scope.unit("harbor-view", "5A"));
        tenants.put("harbor-view", Scope.property("harbor-view"));
        tenants.put("maple-court", Scope.property("maple-court"));
        for (Map.Entry<String, Scope> tenant : tenants.entrySet()) {
            Scope scope = tenant.getValue();
            TestPorter.Started conversation = porter.startConversation(scope.propertyId(), scope.unitId());
            for (String question : questions) {
                JsonObject reply = porter.ask(conversation, question);
                for (JsonObject citation : reply.getJsonArray("citations").getValuesAs(JsonObject.class)) {
                    String documentId = citation.getString("sourceId").split("#")[0];
                    JsonObject document = documents.get(documentId);
                    Scope documentScope = new Scope(document.getString("propertyId", null),
                            document.getString("unitId", null));
                    assertTrue(scope.sees(documentScope) || unitRowVisible(citation, scope),
                            tenant.getKey() + " was given " + citation + " for \"" + question + "\"");
                }
                String text = reply.getString("reply");
                if (!"4B".equals(tenant.getKey())) {
                    assertFalse(text.contains("Jordan Avery") || text.contains("P-14") || text.contains("one cat"),
                            tenant.getKey() + " saw unit 4B's lease: " + text);
                }
                if (!"5A".equals(tenant.getKey())) {
                    assertFalse(text.contains("Morgan Lee") || text.contains("P-22") || text.contains("replacement pump"),
                            tenant.getKey() + " saw unit 5A's lease or repairs: " + text);
                }
            }
        }
    }

    /** A maintenance record row is scoped to its unit although its document is the property's. */
    private static boolean unitRowVisible(JsonObject citation, Scope scope) {
        return citation.getString("sourceId").startsWith(maintenance + "#unit-" + String.valueOf(scope.unitId())
                .toLowerCase(java.util.Locale.ROOT) + "-");
    }

    @Test
    void eachTenantGetsTheirOwnLeaseClause() {
        JsonObject in4b = porter.ask(porter.startConversation("harbor-view", "4B"), "Are pets allowed in my unit?");
        JsonObject citation = citation(in4b, lease4b + "#7-2-pets");
        assertEquals("7.2 Pets", citation.getString("title"));
        assertEquals("Lease: Harbor View 4B", citation.getString("document"));
        assertTrue(citation.getString("snippet").startsWith("The Tenant may keep one cat"));
        assertTrue(in4b.getString("reply").contains("The Tenant may keep one cat in Unit 4B."));

        JsonObject in5a = porter.ask(porter.startConversation("harbor-view", "5A"), "Are pets allowed in my unit?");
        assertEquals("Lease: Harbor View 5A", citation(in5a, lease5a + "#7-2-pets").getString("document"));
        assertTrue(in5a.getString("reply").contains("No pets of any kind may be kept in Unit 5A."));

        JsonObject repair = porter.ask(porter.startConversation("harbor-view", "5A"), "Is my dishwasher repair done yet?");
        assertTrue(repair.getString("reply").contains("replacement pump has been ordered"), repair.toString());
    }

    @Test
    void adminSearchIsScopedLikeATenantOrSpansEverything() {
        JsonObject asUnit = search("cat pets dog", "&propertyId=harbor-view&unitId=5A");
        assertEquals("unit:harbor-view/5A", asUnit.getString("scope"));
        for (JsonObject hit : asUnit.getJsonArray("results").getValuesAs(JsonObject.class)) {
            assertFalse(hit.getString("sourceId").startsWith(lease4b), hit.toString());
        }
        JsonObject best = asUnit.getJsonArray("results").getJsonObject(0);
        assertEquals(1, best.getInt("rank"));
        assertTrue(best.getJsonNumber("score").doubleValue() > 0.3, best.toString());
        assertTrue(best.getJsonNumber("fused").doubleValue() > 0, best.toString());

        JsonObject everywhere = search("Which parking space is assigned to the unit?", "");
        Set<String> found = everywhere.getJsonArray("results").getValuesAs(JsonObject.class).stream()
                .map(h -> h.getString("documentId")).collect(Collectors.toSet());
        assertTrue(found.containsAll(Set.of(lease4b, lease5a)), found.toString());
        assertError(porter.get(porter.admin("/api/admin/v1/kb/search?q=x&unitId=4B"), TOKEN), 400);
        assertError(porter.get(porter.admin("/api/admin/v1/kb/search?q=x&propertyId=Bad%20Id"), TOKEN), 400);
    }

    @Test
    void deletingADocumentTakesEffectAtOnce() {
        String id = uploadAndWait("sauna.md", "text/markdown", """
                # Sauna
                ## Sauna hours
                The rooftop sauna at Harbor View is open from 6:00 AM to 9:00 PM and must be booked in the portal.
                """.getBytes(StandardCharsets.UTF_8), "harbor-view", null);
        TestPorter.Started tenant = porter.startConversation("harbor-view", null);
        JsonObject before = porter.ask(tenant, "When can I use the sauna?");
        assertEquals(id + "#sauna-hours", before.getJsonArray("citations").getJsonObject(0).getString("sourceId"));

        HttpResponse<String> deleted = porter.delete(porter.admin("/api/admin/v1/kb/documents/" + id), TOKEN);
        assertEquals(200, deleted.statusCode(), deleted.body());

        // No waiting: the very next question must not find it.
        JsonObject after = porter.ask(tenant, "When can I use the sauna?");
        assertFalse(after.toString().contains(id), after.toString());
        assertFalse(search("sauna", "&propertyId=harbor-view").toString().contains(id));
        assertError(porter.get(porter.admin("/api/admin/v1/kb/documents/" + id), TOKEN), 404);
        assertError(porter.delete(porter.admin("/api/admin/v1/kb/documents/" + id), TOKEN), 404);
        assertTrue(audited("knowledge.document.deleted", id));
    }

    @Test
    void uploadingTheSameFileNameAgainUpdatesTheDocument() {
        String first = uploadAndWait("notice.md", "text/markdown",
                "# Notice\n## Gym\nThe gym is closed for repairs until May 3.\n".getBytes(StandardCharsets.UTF_8),
                "harbor-view", null);
        HttpResponse<String> again = upload("notice.md", "text/markdown",
                "# Notice\n## Gym\nThe gym reopened on May 3 with new treadmills.\n".getBytes(StandardCharsets.UTF_8),
                "harbor-view", null);
        assertEquals(202, again.statusCode(), again.body());
        JsonObject accepted = TestPorter.json(again.body());
        assertTrue(accepted.getBoolean("replaced"));
        assertEquals(first, accepted.getJsonObject("document").getString("id"));
        awaitJob(accepted.getJsonObject("job").getString("id"));
        JsonObject preview = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents/" + first), TOKEN).body());
        assertEquals(List.of("The gym reopened on May 3 with new treadmills."), preview.getJsonArray("passages")
                .getValuesAs(JsonObject.class).stream().map(p -> p.getString("text")).toList());
        assertTrue(audited("knowledge.document.updated", first));
    }

    @Test
    void badFilesAreRefusedWithAReasonAndDisturbNothing() {
        int documentsBefore = documents().size();
        TestPorter.Started tenant = porter.startConversation("harbor-view", "4B");

        assertRefused(upload("scan.png", "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "harbor-view", null),
                415, "Porter reads");
        assertRefused(upload("old.doc", "application/msword", new byte[]{1, 2, 3}, "harbor-view", null), 415, "Porter reads");
        assertRefused(upload("locked.pdf", "application/pdf",
                TestDocuments.passwordProtectedPdf("Secret text.", "pw"), "harbor-view", null), 422, "password");
        assertRefused(upload("broken.pdf", "application/pdf", TestDocuments.malformedPdf(), "harbor-view", null),
                422, "damaged");
        assertRefused(upload("scan.pdf", "application/pdf", TestDocuments.pdfWithoutText(1), "harbor-view", null),
                422, "OCR");
        assertRefused(upload("bomb.docx", SourceFormat.DOCX.mediaType(), TestDocuments.zipBombDocx(20),
                "harbor-view", null), 422, "zip bomb");
        assertRefused(upload("records.csv", "text/csv",
                TestDocuments.resource("harbor-view-maintenance.csv").getBytes(StandardCharsets.UTF_8), null, null),
                422, "upload the file for their property");
        assertRefused(upload("records.csv", "text/csv",
                TestDocuments.resource("harbor-view-maintenance.csv").getBytes(StandardCharsets.UTF_8),
                "harbor-view", "4B"), 422, "is for unit 5A");
        assertRefused(upload("rules.md", "text/markdown", "# x\n## y\nz".getBytes(StandardCharsets.UTF_8),
                "nowhere", null), 404, "no property");
        assertRefused(upload("rules.md", "text/markdown", "# x\n## y\nz".getBytes(StandardCharsets.UTF_8),
                "harbor-view", "9Z"), 404, "no unit");
        assertRefused(upload("empty.txt", "text/plain", new byte[0], "harbor-view", null), 400, "request body");
        byte[] tooLarge = new byte[25 * 1024 * 1024 + 1];
        assertRefused(upload("huge.txt", "text/plain", tooLarge, "harbor-view", null), 413, "limit");
        assertError(porter.postBytes(porter.admin("/api/admin/v1/kb/documents"), "text/plain",
                "x".getBytes(StandardCharsets.UTF_8)), 400);

        assertEquals(documentsBefore, documents().size(), "nothing was added");
        assertTrue(documents().values().stream().allMatch(d -> d.getString("status").equals("indexed")));
        assertEquals(lease4b + "#3-1-monthly-rent", porter.ask(tenant, "How much is my monthly rent?")
                .getJsonArray("citations").getJsonObject(0).getString("sourceId"), "the running chat is undisturbed");
    }

    @Test
    void chatKeepsAnsweringWhileALongDocumentIsIngested() {
        StringBuilder handbook = new StringBuilder("STAFF HANDBOOK\n\n");
        for (int i = 1; i <= 60; i++) {
            handbook.append(i).append(".1 Topic ").append(i).append(". ")
                    .append("This clause explains procedure number ").append(i).append(" in several sentences. ")
                    .append("Staff follow it carefully. It applies every day of the week.\n\n");
        }
        HttpResponse<String> accepted = upload("staff-handbook.pdf", "application/pdf",
                TestDocuments.pdf("Staff handbook", handbook.toString()), null, null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String job = TestPorter.json(accepted.body()).getJsonObject("job").getString("id");
        TestPorter.Started tenant = porter.startConversation("harbor-view", "4B");
        for (int i = 0; i < 3; i++) {
            assertEquals(lease4b + "#3-1-monthly-rent", porter.ask(tenant, "How much is my monthly rent?")
                    .getJsonArray("citations").getJsonObject(0).getString("sourceId"));
        }
        JsonObject done = awaitJob(job);
        assertEquals("done", done.getString("state"));
        assertEquals(done.getInt("total"), done.getInt("done"));
        assertEquals(1.0, done.getJsonNumber("progress").doubleValue());
    }

    @Test
    void conversationsCarryAUnitOfTheirProperty() {
        assertError(porter.postJson(porter.tenant("/api/v1/conversations"),
                "{\"consent\":true,\"propertyId\":\"harbor-view\",\"unitId\":\"9Z\"}", null), 404);
        assertError(porter.postJson(porter.tenant("/api/v1/conversations"),
                "{\"consent\":true,\"unitId\":\"4B\"}", null), 404); // the demo property has no unit 4B
        assertError(porter.postJson(porter.tenant("/api/v1/conversations"),
                "{\"consent\":true,\"propertyId\":\"harbor-view\",\"unitId\":4}", null), 400);
    }

    @Test
    void everyChangeIsAudited() {
        assertTrue(audited("portfolio.property.created", "harbor-view"));
        assertTrue(audited("portfolio.unit.created", "harbor-view/4B"));
        assertTrue(audited("knowledge.document.added", lease4b));
        HttpResponse<String> reindex = porter.postBytes(porter.admin("/api/admin/v1/kb/documents/" + lease5a + "/reindex"),
                null, new byte[0]);
        assertEquals(202, reindex.statusCode(), reindex.body());
        assertEquals("done", awaitJob(TestPorter.json(reindex.body()).getJsonObject("job").getString("id"))
                .getString("state"));
        assertTrue(audited("knowledge.document.reindexed", lease5a));
    }

    // --- helpers ---

    static JsonObject citation(JsonObject reply, String sourceId) {
        return reply.getJsonArray("citations").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("sourceId").equals(sourceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no citation " + sourceId + " in " + reply));
    }

    static HttpResponse<String> createProperty(String id, String name) {
        return porter.postJson(porter.admin("/api/admin/v1/properties"),
                "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}", TOKEN);
    }

    static HttpResponse<String> createUnit(String propertyId, String unitId) {
        return porter.postJson(porter.admin("/api/admin/v1/properties/" + propertyId + "/units"),
                "{\"id\":\"" + unitId + "\"}", TOKEN);
    }

    static HttpResponse<String> upload(String filename, String type, byte[] bytes, String propertyId, String unitId) {
        StringBuilder query = new StringBuilder("?filename=").append(URLEncoder.encode(filename, StandardCharsets.UTF_8));
        if (propertyId != null) {
            query.append("&propertyId=").append(propertyId);
        }
        if (unitId != null) {
            query.append("&unitId=").append(unitId);
        }
        return porter.postBytes(porter.admin("/api/admin/v1/kb/documents" + query), type, bytes);
    }

    /** Uploads, waits for the ingestion job, returns the document id. */
    static String uploadAndWait(String filename, String type, byte[] bytes, String propertyId, String unitId) {
        HttpResponse<String> response = upload(filename, type, bytes, propertyId, unitId);
        assertEquals(202, response.statusCode(), response.body());
        JsonObject accepted = TestPorter.json(response.body());
        JsonObject job = awaitJob(accepted.getJsonObject("job").getString("id"));
        assertEquals("done", job.getString("state"), job.toString());
        return accepted.getJsonObject("document").getString("id");
    }

    static JsonObject awaitJob(String jobId) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/kb/jobs/" + jobId), TOKEN);
            assertEquals(200, response.statusCode(), response.body());
            JsonObject job = TestPorter.json(response.body());
            if (job.containsKey("finishedAt")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job did not finish: " + job);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static Map<String, JsonObject> documents() {
        JsonObject list = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents"), TOKEN).body());
        return list.getJsonArray("documents").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(d -> d.getString("id"), d -> d));
    }

    static JsonObject search(String q, String scope) {
        HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/kb/search?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8) + scope), TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body());
    }

    static boolean audited(String action, String target) {
        try (Database database = Database.open(dataDir)) {
            List<AuditEntry> entries = new AuditLog(database, Clock.systemUTC()).recent(500);
            return entries.stream().anyMatch(e -> e.action().equals(action) && e.target().equals(target)
                    && e.actor().equals("bootstrap"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\""), response.body());
    }

    static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertError(response, status);
        assertTrue(TestPorter.json(response.body()).getString("detail").contains(reason), response.body());
    }
}
