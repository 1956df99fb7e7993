package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BeyondDocumentsTest {

    @Test
    void forecastsTaxAdviceEarlierOccupantsAndPersonalNumbers() {
        for (String question : List.of(
                "whats the weather gonna be like in Reno tomorrow",
                "Is it supposed to snow this weekend?",
                "any idea what the forecast is for saturday",
                "is the rent I pay tax deductible if I work from home? can I claim it on my taxes",
                "who used to live in our apartment before us",
                "can you give me the maintenance guy's personal cell",
                "what's Dana's personal number?",
                "how much are the people upstairs paying for the same layout",
                "what does my neighbor pay in rent")) {
            assertTrue(BeyondDocuments.asks(question), question);
        }
    }

    @Test
    void questionsTheDocumentsMayAnswerAreLeftToTheGate() {
        for (String question : List.of(
                "Heavy rain is coming and I park by the creek. Should I move my car?",
                "Is the pool open when the weather is bad?",
                "What do I do to get my apartment ready for winter weather?",
                "what's the office phone number",
                "I changed my cell phone number, where do I update it?",
                "Do I have to pay sales tax on the parking fee?",
                "who lives in the apartment above me? they're really loud",
                "can my neighbor pay my rent for me while I'm away?",
                "how much is my rent")) {
            assertFalse(BeyondDocuments.asks(question), question);
        }
    }
}
