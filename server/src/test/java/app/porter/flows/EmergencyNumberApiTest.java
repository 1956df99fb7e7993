package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;
import jakarta.json.JsonObject;

/**
 * The safety answer carries the property's number: from its settings, or, for a property whose settings name none,
 * from its own documents (the emergency line a handbook gives, never a vendor's number, never another property's).
 * Through the tenant API of a real appliance, with the real embedding model and knowledge index.
 */
class EmergencyNumberApiTest {

    private static final String HANDBOOK = """
            # Birch Row Resident Handbook

            ## Laundry
            The machines in the basement are run by Suds Co. For a refund, call Suds Co. at (312) 555-0177.

            ## Emergencies
            For maintenance emergencies at any hour, call the Birch Row emergency line at (312) 555-0142, answered
            24 hours a day by the on-call technician. For a fire, a gas smell or any danger to life, call 911 first.

            ## Quiet hours
            Quiet hours are from 10 PM to 7 AM every day.
            """;

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
        for (String id : new String[] {"birch-row", "cedar-yard"}) {
            assertEquals(201, porter.adminPost("/api/admin/v1/properties",
                    "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}").statusCode());
        }
        HttpResponse<String> upload = porter.postBytes(porter.admin("/api/admin/v1/kb/documents"
                + "?filename=birch-row-handbook.md&propertyId=birch-row"), "text/markdown",
                HANDBOOK.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, upload.statusCode(), upload.body());
        awaitJob(TestPorter.json(upload.body()).getJsonObject("job").getString("id"));
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static void awaitJob(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonObject job = TestPorter.json(porter.adminGet("/api/admin/v1/kb/jobs/" + jobId).body());
            if (job.containsKey("finishedAt")) {
                assertEquals("done", job.getString("state"), job.toString());
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the handbook was not indexed in time");
    }

    private static JsonObject ask(String propertyId, String message) {
        return porter.ask(porter.startConversation(propertyId, null), message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"I smell gas in the kitchen", "What to do? There is smoke coming out of the oven",
            "Water is pouring through my ceiling, what should I do"})
    void aPropertyWithoutNumbersInItsSettingsGetsTheEmergencyLineOfItsHandbook(String message) {
        JsonObject r = ask("birch-row", message);
        assertEquals("emergency", r.getString("mode"), r.toString());
        String reply = r.getString("reply");
        assertTrue(reply.contains("(312) 555-0142"), "the handbook's emergency line: " + reply);
        assertFalse(reply.contains("555-0177"), "never the laundry vendor's number: " + reply);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"What should I do in an emergency?", "Who do I call in an emergency at night?"})
    void aQuestionAboutEmergenciesIsAnsweredWithTheNumberToo(String question) {
        // Not an emergency (a question about one): answered from the handbook, which gives the line.
        JsonObject r = ask("birch-row", question);
        assertTrue(r.getString("reply").contains("(312) 555-0142"), r.toString());
        assertFalse(r.getString("reply").contains("555-0177"), r.toString());
    }

    @Test
    void anotherPropertyNeverGetsThatNumberAndStillHearsEmergencyServicesFirst() {
        String reply = ask("cedar-yard", "I smell gas in the kitchen").getString("reply");
        assertTrue(reply.startsWith("If anyone is in danger, call 911 now."), reply);
        assertFalse(reply.contains("555-0142"), "Birch Row's line is not Cedar Yard's: " + reply);
    }

    @Test
    void theSettingsNumberComesBeforeTheDocuments() {
        assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/properties/birch-row/settings"),
                "{\"emergencyLine\":\"(312) 555-0111\"}", TestPorter.ADMIN_TOKEN).statusCode());
        try {
            String reply = ask("birch-row", "I smell gas in the kitchen").getString("reply");
            assertTrue(reply.contains("(312) 555-0111") && !reply.contains("555-0142"), reply);
        } finally {
            assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/properties/birch-row/settings"),
                    "{\"emergencyLine\":null}", TestPorter.ADMIN_TOKEN).statusCode());
        }
    }
}
