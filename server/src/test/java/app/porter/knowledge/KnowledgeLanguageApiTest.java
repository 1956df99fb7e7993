package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Per-language versions of a knowledge-base entry, through the real HTTP API: the admin uploads an English and a
 * Spanish version of the same FAQ entry to the demo property, and a tenant is quoted the version in their language.
 */
class KnowledgeLanguageApiTest {

    private static final String TOKEN = TestPorter.ADMIN_TOKEN;
    private static final String ENGLISH = """
            # Community garden FAQ

            ## Community garden
            Maple Court has a community garden behind Building C with 20 raised beds. Each apartment can reserve one \
            raised bed for the growing season, from April to October, for $15. Sign up at the leasing office; water \
            and garden tools are in the garden shed.
            """;
    private static final String SPANISH = """
            # Preguntas frecuentes del huerto comunitario

            ## Huerto comunitario
            Maple Court tiene un huerto comunitario detrás del edificio C con 20 bancales elevados. Cada apartamento \
            puede reservar un bancal para la temporada de cultivo, de abril a octubre, por 15 dólares. Inscríbase en \
            la oficina de arrendamiento; el agua y las herramientas están en el cobertizo del huerto.
            """;

    @TempDir
    static Path dataDir;
    static TestPorter porter;
    static String english;
    static String spanish;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
        english = uploadAndWait("garden-en.md", ENGLISH, "en");
        spanish = uploadAndWait("garden-es.md", SPANISH, "es-ES"); // stored as its supported language
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void documentsCarryTheirLanguage() {
        assertEquals("es", document(spanish).getString("language"));
        assertEquals("en", document(english).getString("language"));
        JsonObject preview = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents/" + spanish), TOKEN)
                .body());
        assertEquals("es", preview.getJsonArray("passages").getJsonObject(0).getString("language"));
        // The handbook that ships with the demo has no language: the firm's default.
        assertTrue(document("maple-court-handbook").isNull("language"));

        HttpResponse<String> klingon = upload("garden-tlh.md", ENGLISH, "tlh");
        assertEquals(400, klingon.statusCode(), klingon.body());
        assertTrue(TestPorter.json(klingon.body()).getString("detail").contains("zh-Hans"), klingon.body());
        assertFalse(TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/documents"), TOKEN).body())
                .toString().contains("garden-tlh.md"), "a refused upload stores nothing");
    }

    @Test
    void aSpanishTenantIsQuotedTheSpanishVersion() {
        JsonObject reply = porter.ask(startConversation("es"), "¿Cómo reservo un bancal en el huerto comunitario?");
        assertEquals(spanish + "#huerto-comunitario", firstCitation(reply), reply.toString());
        assertTrue(reply.getString("reply").startsWith("Esto es lo que dice nuestra información"), reply.toString());
    }

    @Test
    void anEnglishTenantIsQuotedTheEnglishVersion() {
        JsonObject reply = porter.ask(startConversation("en"), "How do I reserve a raised bed in the community garden?");
        assertEquals(english + "#community-garden", firstCitation(reply), reply.toString());
        assertTrue(reply.getString("reply").startsWith("Here is what our resident information says"), reply.toString());
    }

    @Test
    void searchPrefersTheAskersLanguageAmongComparablePassages() {
        // Both versions match a question naming the garden in both languages; the asker's language decides.
        // (Since headings are no longer embedded alone, round 8 of issue 12, the bare four words are closer in
        // meaning to the Spanish passage, 0.56 against less, for either asker; worded as a question they are not.)
        String question = "is there a community garden huerto comunitario";
        assertEquals(spanish + "#huerto-comunitario", firstResult(question, "es"));
        assertEquals(english + "#community-garden", firstResult(question, "en"));
    }

    @Test
    void aQuestionMixingLanguagesIsAnsweredFromTheVersionInTheTenantsLanguage() {
        // Both versions match these equally well on their words; without the preference the fusion's tie-break
        // would pick one version for both. The language the router detects in the message decides.
        JsonObject english = porter.ask(startConversation("en"), "is there a community garden huerto comunitario");
        assertEquals("en", english.getString("language"), english.toString());
        assertEquals(KnowledgeLanguageApiTest.english + "#community-garden", firstCitation(english));
        JsonObject spanish = porter.ask(startConversation("es"), "community garden (huerto comunitario)");
        assertEquals("es", spanish.getString("language"), spanish.toString());
        assertEquals(KnowledgeLanguageApiTest.spanish + "#huerto-comunitario", firstCitation(spanish));
    }

    // --- helpers ---

    private static TestPorter.Started startConversation(String language) {
        HttpResponse<String> response = porter.postJson(porter.tenant("/api/v1/conversations"),
                Json.createObjectBuilder().add("consent", true).add("language", language).build().toString(), null);
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = TestPorter.json(response.body());
        return new TestPorter.Started(body.getString("conversationId"), body.getString("token"));
    }

    private static String firstCitation(JsonObject reply) {
        List<JsonObject> citations = reply.getJsonArray("citations").getValuesAs(JsonObject.class);
        assertFalse(citations.isEmpty(), reply.toString());
        return citations.getFirst().getString("sourceId");
    }

    private static String firstResult(String question, String language) {
        JsonObject found = TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/search?propertyId=maple-court&q="
                + URLEncoder.encode(question, StandardCharsets.UTF_8) + "&language=" + language), TOKEN).body());
        return found.getJsonArray("results").getJsonObject(0).getString("sourceId");
    }

    private static JsonObject document(String id) {
        HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/kb/documents/" + id), TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return TestPorter.json(response.body()).getJsonObject("document");
    }

    private static HttpResponse<String> upload(String filename, String markdown, String language) {
        return porter.postBytes(porter.admin("/api/admin/v1/kb/documents?filename=" + filename
                + "&propertyId=maple-court&language=" + language), "text/markdown",
                markdown.getBytes(StandardCharsets.UTF_8));
    }

    private static String uploadAndWait(String filename, String markdown, String language) {
        HttpResponse<String> response = upload(filename, markdown, language);
        assertEquals(202, response.statusCode(), response.body());
        JsonObject accepted = TestPorter.json(response.body());
        String jobId = accepted.getJsonObject("job").getString("id");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!TestPorter.json(porter.get(porter.admin("/api/admin/v1/kb/jobs/" + jobId), TOKEN).body())
                .containsKey("finishedAt")) {
            assertTrue(System.nanoTime() < deadline, "ingestion did not finish");
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return accepted.getJsonObject("document").getString("id");
    }
}
