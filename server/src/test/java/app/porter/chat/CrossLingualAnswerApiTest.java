package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * A tenant who writes in Spanish, French, Chinese, Vietnamese or Arabic is answered from the English demo handbook
 * through the real appliance: the right section quoted and cited, with a lead-in in their language saying the quote
 * is the English original; a question the handbook has nothing on still gets "I don't know" in their language.
 */
class CrossLingualAnswerApiTest {

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

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', value = {
            "es|¿Se admiten perros en los apartamentos?|maple-court-handbook#pets|cito el texto original, en inglés",
            "fr|Quel est le montant des frais de retard pour le loyer ?|maple-court-handbook#late-fees|en anglais",
            "zh-Hans|洗衣房几点开门？|maple-court-handbook#laundry|英文原文",
            "vi|Tôi bị khóa ngoài, phải làm sao?|maple-court-handbook#lock-outs|tiếng Anh",
            "ar|أين أضع أكياس القمامة؟|maple-court-handbook#trash-and-recycling|الإنجليزية",
    })
    void answersFromTheEnglishHandbookSayingSoInTheTenantsLanguage(String language, String question,
                                                                   String section, String saysEnglish) {
        JsonObject reply = porter.ask(porter.startConversation(), question);
        assertEquals(language, reply.getString("language"), reply.toString());
        List<JsonObject> citations = reply.getJsonArray("citations").getValuesAs(JsonObject.class);
        assertFalse(citations.isEmpty(), reply.toString());
        assertEquals(section, citations.getFirst().getString("sourceId"), reply.toString());
        String text = reply.getString("reply");
        assertTrue(text.substring(0, text.indexOf('\n')).contains(saysEnglish), text);
    }

    @Test
    void aQuestionTheHandbookHasNothingOnIsStillRefused() {
        JsonObject reply = porter.ask(porter.startConversation(), "¿Quién ganó la copa del mundo de fútbol en 2018?");
        assertTrue(reply.getJsonArray("citations").isEmpty(), reply.toString());
        assertTrue(reply.getString("reply").startsWith("Lo siento"), reply.toString());
    }
}
