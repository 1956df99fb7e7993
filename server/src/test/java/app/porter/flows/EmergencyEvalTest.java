package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.porter.inference.OnnxEmbedder;
import app.porter.language.Language;

/**
 * Floors on the emergency evaluation ({@link EmergencyEval}: paraphrases of every kind of emergency and traps, in
 * six languages, analysed as tenants' messages are): every emergency caught, precision at least 0.9 per language.
 */
class EmergencyEvalTest {

    @Test
    void everyEmergencyIsCaughtAndFewTrapsAlarmInEveryLanguage() {
        List<EmergencyEval.Case> cases = EmergencyEval.cases();
        try (OnnxEmbedder embedder = OnnxEmbedder.bundled(2)) {
            List<String> errors = new ArrayList<>();
            Map<Language, EmergencyEval.Score> scores = EmergencyEval.evaluate(EmergencyEval.analyzer(embedder), cases,
                    errors);
            assertEquals(Language.values().length, scores.size(), scores.toString());
            scores.forEach((language, score) -> {
                assertTrue(score.emergencies() >= 24 && score.traps() >= 12, language + ": " + score);
                assertEquals(1.0, score.recall(), language + ": " + score + " " + errors);
                assertTrue(score.precision() >= 0.9, language + ": " + score + " " + errors);
            });
        }
    }
}
