package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.porter.language.Language;
import app.porter.language.LanguageDetector;


/** Lingua restricted to Porter's languages, plus the script shortcut for Chinese and Arabic. */
class LanguageDetectorTest {

    private static final LanguageDetector DETECTOR = new LanguageDetector();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "en|My kitchen sink has been leaking since yesterday",
            "en|When is my rent due?",
            "es|El grifo de la cocina gotea sin parar",
            "es|¿Cuándo tengo que pagar el alquiler?",
            "fr|Le robinet de la cuisine fuit depuis hier",
            "fr|Quand dois-je payer mon loyer ?",
            "vi|Vòi nước trong bếp bị rỉ nước từ hôm qua",
            "vi|Khi nào tôi phải trả tiền thuê nhà?",
            "vi|bon cau bi nghet, bao sua kieu gi va bao lau thi co nguoi toi?",
            "vi|nha em co mui gas nong lam",
            "vi|heater khong chay, lanh qua",
            "en|The gas smell is in the hallway near unit 4",
            "fr|Ma toilette est bouchée et ça déborde",
            "zh-Hans|厨房的水龙头一直在滴水",
            "ar|الحنفية في المطبخ تنقط منذ الأمس",
    })
    void detectsTheSixLanguages(String tag, String text) {
        assertEquals(Language.fromTag(tag), DETECTOR.detect(text), text);
    }

    @Test
    void shortAnswersSayNothing() {
        assertEquals(Optional.empty(), DETECTOR.detect("yes"));
        assertEquals(Optional.empty(), DETECTOR.detect("C-204"));
        assertEquals(Optional.empty(), DETECTOR.detect("Kitchen"));
    }
}
