package app.porter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Policy topics through the tenant API on a real appliance: a legal threat or a fair-housing question in any of
 * the six languages goes to a person (answered in the tenant's language, escalated into the inbox, the rule in the
 * audit log and never the message); ordinary questions are still answered; emergencies stay first; and a new
 * policy version published through the admin API counts from the next message.
 */
class PolicyTopicApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static String openEscalations() {
        return porter.adminGet("/api/admin/v1/escalations?status=open").body();
    }

    private static String policyAudit() {
        return porter.adminGet("/api/admin/v1/audit?action=policy.&limit=500").body();
    }

    @ParameterizedTest(name = "[{0}] {2}")
    @CsvSource(delimiter = '|', value = {
            "en|legal-threat|I'm going to sue you|a person from the Maple Court Apartments office",
            "es|legal-threat|Si no lo arreglan, los voy a demandar|una persona de la oficina",
            "fr|legal-threat|Je vais vous poursuivre en justice si rien ne change|une personne du bureau",
            "zh-Hans|legal-threat|如果你们不修好，我要起诉你们|办公室的工作人员",
            "vi|legal-threat|Nếu không sửa, tôi sẽ kiện các bạn ra tòa|nhân viên văn phòng",
            "ar|legal-threat|إذا لم تصلحوا هذا سأقاضيكم في المحكمة|موظف من مكتب",
            "en|fair-housing|Can you refuse tenants with kids?|a person from the Maple Court Apartments office",
            "es|fair-housing|¿Pueden rechazar a los inquilinos con niños?|una persona de la oficina",
            "fr|fair-housing|Pouvez-vous refuser des locataires avec des enfants ?|une personne du bureau",
            "zh-Hans|fair-housing|你们可以拒绝有孩子的租客吗？|办公室的工作人员",
            "vi|fair-housing|Các bạn có thể từ chối người thuê có trẻ em không?|nhân viên văn phòng",
            "ar|fair-housing|هل يمكنكم رفض المستأجرين الذين لديهم أطفال؟|موظف من مكتب",
            "en|eviction|My landlord says he will evict me next month|a person from the Maple Court Apartments office",
            "en|rent-dispute|I want to dispute the rent increase on my lease|a person from the Maple Court Apartments office",
    })
    void aPolicyTopicGoesToAPersonInTheTenantsLanguage(String tag, String topic, String message, String words) {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = porter.ask(c, message);
        assertEquals("escalated", r.getString("mode"), r.toString());
        assertEquals(tag, r.getString("language"));
        assertTrue(r.getString("reply").contains(words), r.getString("reply"));
        String open = openEscalations();
        assertTrue(open.contains(c.id()) && open.contains("\"policy:" + topic + "\""), open);
        String audit = policyAudit();
        assertTrue(audit.contains("\"conversation/" + c.id() + "\"") && audit.contains(topic + " (policy v"), audit);
        assertFalse(audit.contains(message), "the tenant's words never reach the audit log");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Can I have a pet?",
            "When is rent due?",
            "How do I pay my rent online?",
            "Is there a playground for the kids?",
            "Where do I put my recycling?",
            "¿Cuándo hay que pagar el alquiler?",
            "Est-ce que je peux avoir un chat ?",
            "房租什么时候交？",
            "Có sự kiện gì trong tòa nhà tuần này không?",
            "متى يجب دفع الإيجار؟",
    })
    void ordinaryQuestionsAreNotPolicyTopics(String message) {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = porter.ask(c, message);
        assertNotEquals("escalated", r.getString("mode"), r.getString("reply"));
        assertFalse(openEscalations().contains(c.id()));
    }

    @Test
    void anEmergencyComesBeforeAPolicyTopic() {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = porter.ask(c, "I smell gas in the hallway and I'm going to sue you");
        assertEquals("emergency", r.getString("mode"));
        assertTrue(r.getString("reply").contains("911"));
    }

    @Test
    void aNewVersionTakesEffectWithTheNextMessage() {
        JsonObject before = TestPorter.json(porter.adminGet("/api/admin/v1/policies/active").body());
        assertEquals("system", before.getString("author"));
        assertFalse(before.getBoolean("reviewDue"));
        assertEquals(4, before.getJsonArray("topics").size());
        assertTrue(before.getString("answerPolicy").startsWith("You are Porter"));

        TestPorter.Started c = porter.startConversation();
        assertNotEquals("escalated", porter.ask(c, "I want to report a noise complaint about my neighbour").getString("mode"));
        String greeting = porter.ask(c, "Hello").getString("reply");
        assertTrue(greeting.contains("Maple Court Apartments assistant"), greeting);

        // The shipped topics and one more; the other tests of this class run on the same appliance.
        JsonArray topics = Json.createArrayBuilder(before.getJsonArray("topics")).add(Json.createObjectBuilder()
                .add("id", "noise").add("name", "Noise complaints")
                .add("patterns", Json.createObjectBuilder().add("en", Json.createArrayBuilder()
                        .add("\\bnoise complaints?\\b")))).build();
        HttpResponse<String> published = porter.adminPost("/api/admin/v1/policies/versions", Json.createObjectBuilder()
                .add("tone", "Friendly and brief.").add("reviewBy", "2030-01-31")
                .add("greeting", Json.createObjectBuilder().add("en", "Welcome to {property}! How can we help?")
                        .add("es", "¡Bienvenido a {property}!"))
                .add("topics", topics).build().toString());
        assertEquals(201, published.statusCode(), published.body());
        JsonObject version = TestPorter.json(published.body());
        assertEquals(before.getInt("version") + 1, version.getInt("version"));
        assertEquals("bootstrap", version.getString("author"));
        assertEquals(before.getString("answerPolicy"), version.getString("answerPolicy"), "left out: kept");

        TestPorter.Started next = porter.startConversation();
        JsonObject r = porter.ask(next, "I want to report a noise complaint about my neighbour");
        assertEquals("escalated", r.getString("mode"), r.toString());
        assertTrue(openEscalations().contains("\"policy:noise\""));
        assertTrue(policyAudit().contains("noise (policy v" + version.getInt("version") + ")"));
        assertEquals("Welcome to Maple Court Apartments! How can we help?",
                porter.ask(next, "Hello").getString("reply"));

        // And a version without it: the topic is gone from the next message on.
        assertEquals(201, porter.adminPost("/api/admin/v1/policies/versions", Json.createObjectBuilder()
                .add("topics", before.getJsonArray("topics")).build().toString()).statusCode());
        assertNotEquals("escalated", porter.ask(porter.startConversation(),
                "I want to report a noise complaint about my neighbour").getString("mode"));

        JsonObject versions = TestPorter.json(porter.adminGet("/api/admin/v1/policies/versions").body());
        assertEquals(version.getInt("version") + 1,
                versions.getJsonArray("versions").getJsonObject(0).getInt("version"));
        assertEquals(version.getInt("version"), versions.getJsonArray("versions").getJsonObject(1).getInt("version"));
        assertTrue(policyAudit().contains("\"policy.version.published\""));
    }

    @Test
    void anInvalidVersionIsRefusedWithItsReason() {
        HttpResponse<String> bad = porter.adminPost("/api/admin/v1/policies/versions",
                "{\"topics\":[{\"id\":\"x\",\"name\":\"X\",\"patterns\":{\"en\":[\"(unclosed\"]}}]}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("not a valid regular expression"), bad.body());
        HttpResponse<String> date = porter.adminPost("/api/admin/v1/policies/versions", "{\"reviewBy\":\"soon\"}");
        assertEquals(400, date.statusCode());
        assertTrue(date.body().contains("reviewBy"), date.body());
        HttpResponse<String> lang = porter.adminPost("/api/admin/v1/policies/versions", "{\"greeting\":{\"de\":\"Hallo\"}}");
        assertEquals(400, lang.statusCode());
    }
}
