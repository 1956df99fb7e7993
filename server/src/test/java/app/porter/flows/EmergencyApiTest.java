package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * The emergency layer through the tenant API, with the real embedding model loaded: safety instructions with
 * Maple Court's numbers in the tenant's language, the conversation marked and escalated, even mid-flow.
 */
class EmergencyApiTest {

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

    private static String escalations() {
        return porter.get(porter.admin("/api/admin/v1/escalations?status=open"), TestPorter.ADMIN_TOKEN).body();
    }

    @ParameterizedTest(name = "[{0}] {2}")
    @CsvSource(delimiter = '|', value = {
            "en|gas|There's a rotten egg smell coming from behind the stove|Leave the apartment",
            "es|flood|Se reventó una tubería y el agua sale a chorros|línea de emergencias",
            "fr|co|Le détecteur du couloir sonne et nous avons tous mal à la tête|monoxyde",
            "zh-Hans|fire|走廊里冒烟了，很呛|撤离",
            "vi|break-in|Có người cạy cửa nhà tôi lúc tôi đi làm|cảnh sát",
            "ar|medical|جاري أغمي عليه على الدرج ولا يتحرك|إسعاف",
    })
    void emergenciesInEachLanguageGetInstructionsNumbersAndOnCallStaff(String tag, String kind, String message,
                                                                      String expectedWords) {
        TestPorter.Started c = porter.startConversation();
        List<TestPorter.Event> events = porter.askStreaming(c, message);
        List<String> names = events.stream().map(TestPorter.Event::name).toList();
        assertTrue(names.contains("escalated"), "no escalated event: " + names);
        JsonObject done = events.getLast().data();
        assertEquals("done", events.getLast().name());
        assertEquals("emergency", done.getString("mode"));
        assertEquals(tag, done.getString("language"));
        String text = events.stream().filter(e -> e.name().equals("token"))
                .map(e -> e.data().getString("text")).reduce("", String::concat);
        assertTrue(text.contains(expectedWords), text);
        assertTrue(text.contains("(217) 555-0199"), "the emergency line: " + text);
        if (!kind.equals("flood")) {
            assertTrue(text.indexOf("911") >= 0 && text.indexOf("911") < text.indexOf("(217) 555-0199"),
                    "emergency services first when life may be in danger: " + text);
        }
        String open = escalations();
        assertTrue(open.contains(c.id()) && open.contains("\"" + kind + "\""), open);
    }

    @Test
    void anEmergencyInTheMiddleOfAFlowStillComesFirstAndTheFlowWaits() {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "I need a repair");
        JsonObject r = porter.ask(c, "plumbing, and also I smell gas in the hallway");
        assertEquals("emergency", r.getString("mode"));
        assertTrue(r.getString("reply").contains("911"));
        assertEquals("flow", porter.ask(c, "C-204").getString("mode"), "the flow goes on afterwards");
    }

    @Test
    void repeatedAlarmsRaiseOneEscalation() {
        TestPorter.Started c = porter.startConversation();
        porter.ask(c, "I smell gas");
        porter.ask(c, "the gas smell is getting stronger");
        String open = escalations();
        assertEquals(1, open.split(c.id(), -1).length - 1, open);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the fire alarm test is on Tuesday?",
            "Can I use a charcoal grill on my balcony?",
            "My smoke alarm keeps chirping",
            "What's the emergency number?",
            "¿La prueba de la alarma de incendios es el martes?",
            "下周二有消防演习吗？",
    })
    void scaryWordsAloneAreNotAnEmergency(String message) {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = porter.ask(c, message);
        assertNotEquals("emergency", r.getString("mode"), r.getString("reply"));
        assertFalse(escalations().contains(c.id()));
    }

    @Test
    void askingForAPersonEscalates() {
        TestPorter.Started c = porter.startConversation();
        List<TestPorter.Event> events = porter.askStreaming(c, "Can I talk to a real person please?");
        assertTrue(events.stream().anyMatch(e -> e.name().equals("escalated")));
        assertEquals("escalated", events.getLast().data().getString("mode"));
        assertTrue(escalations().contains("tenant-request"));
    }

    @Test
    void whenTheHandbookHasNothingAPersonIsOfferedAndAYesBringsOne() {
        TestPorter.Started c = porter.startConversation();
        JsonObject r = porter.ask(c, "What is the capital of Mongolia?");
        assertEquals("extractive", r.getString("mode"));
        assertEquals("person", r.getJsonObject("form").getJsonArray("options").getJsonObject(0).getString("value"));
        assertEquals("escalated", porter.ask(c, "yes").getString("mode"));
    }
}
