package app.porter.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The glossary puts a tenant's question into English words: inflected, unaccented, segmented (Chinese) and
 * normalised (Arabic) forms find their entries, longest entry first.
 */
class GlossaryTest {

    private static final Glossary GLOSSARY = Glossary.bundled();

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', value = {
            "es|¿Se permiten perros en los apartamentos?|dog",
            "es|Cuanto cuesta la plaza de aparcamiento|parking space",
            "es|¿Me devuelven la fianza cuando me mudo?|security deposit",
            "fr|Où dois-je mettre mes poubelles ?|trash",
            "fr|Je suis enfermé dehors, que faire ?|locked out",
            "fr|Quand faut-il payer le loyer?|rent",
            "zh|我的押金什么时候退还？|security deposit",
            "zh|垃圾桶在哪里？|trash compactor bin",
            "zh|可以养狗吗|dog",
            "vi|Tôi có thể nuôi chó không?|dog",
            "vi|Khi nao phai dong tien nha?|rent",
            "vi|Chìa khóa của tôi bị mất|key",
            "ar|هل يُسمح بالكلاب في الشقة؟|dog",
            "ar|أين أركن سيارتي؟|car vehicle",
            "ar|متى يجب دفع الإيجار؟|rent",
    })
    void putsQuestionsIntoEnglishWords(String tag, String question, String expected) {
        Optional<Glossary.Rendering> english = GLOSSARY.toEnglish(question, Language.orEnglish(tag));
        assertTrue(english.isPresent(), question);
        assertTrue(english.get().english().contains(expected), question + " -> " + english.get().english());
    }

    @Test
    void aMarkedVietnameseWordIsNotReadAsItsUnmarkedLookalike() {
        // "của tôi" is "my", not "the door of me": only text typed without any marks is matched loosely.
        String english = GLOSSARY.toEnglish("Chìa khóa của tôi", Language.VI).orElseThrow().english();
        assertTrue(!english.contains("door"), english);
    }

    @Test
    void aSyllableWithoutMarksInAMarkedMessageIsWrittenAsMeant() {
        // "cho" (for) has no marks by nature: in a message written with marks it is not "chó" (dog)
        String marked = GLOSSARY.toEnglish("Phơi đồ ngoài ban công cho mau khô được không", Language.VI).orElseThrow()
                .english();
        assertTrue(marked.contains("balcony") && !marked.contains("dog"), marked);
        // typed without any marks, runs are still folded, but "cho" alone is too often "for" to be the dog
        String unmarked = GLOSSARY.toEnglish("chup hinh can ho de bao may cho bi tray xuoc", Language.VI)
                .orElseThrow().english();
        assertTrue(unmarked.contains("apartment") && !unmarked.contains("dog"), unmarked);
        // one word a phone marked in a message typed bare does not make it a marked one (round 14 of issue 12)
        String allButBare = GLOSSARY.toEnglish("chup hinh can ho de bao may cho bị tray xuoc", Language.VI)
                .orElseThrow().english();
        assertTrue(allButBare.contains("apartment"), allButBare);
        assertTrue(GLOSSARY.toEnglish("Tôi nuôi chó được không", Language.VI).orElseThrow().english().contains("dog"));
    }

    @Test
    void keepsNumbersAndNamesAsWritten() {
        String english = GLOSSARY.toEnglish("¿Dónde está el estacionamiento P-14 de Maple Court?", Language.ES)
                .orElseThrow().english();
        assertTrue(english.contains("P") && english.contains("14") && english.contains("Maple"), english);
    }

    @Test
    void englishWordsBorrowedIntoAQuestionAreKept() {
        // round 12 of issue 12: "hay chargers aquí", "em bị bounce check"; a short unmarked Vietnamese syllable that
        // spells an English word ("hang", goods) is not one
        assertTrue(GLOSSARY.toEnglish("tengo un tesla, hay chargers aqui en el complejo?", Language.ES).orElseThrow()
                .english().contains("charger"));
        assertTrue(GLOSSARY.toEnglish("em bị bounce check vì tài khoản hết tiền", Language.VI).orElseThrow()
                .english().contains("bounce"));
        assertFalse(GLOSSARY.toEnglish("hang cua em toi chua", Language.VI).map(Glossary.Rendering::english)
                .orElse("").contains("hang"));
    }

    @Test
    void englishAndUnknownWordsAreNotRendered() {
        assertEquals(Optional.empty(), GLOSSARY.toEnglish("When is rent due?", Language.EN));
        assertEquals(Optional.empty(), GLOSSARY.toEnglish("xyzzy plugh", Language.ES));
    }

    @Test
    void everyLanguageHasAFewHundredEntries() {
        for (Language language : Language.values()) {
            if (language != Language.EN) {
                assertTrue(GLOSSARY.size(language) >= 500, language + ": " + GLOSSARY.size(language));
            }
        }
    }

    @Test
    void englishSynonymsAddTheDocumentsWordsAndKeepTheTenants() {
        Glossary glossary = Glossary.bundled();
        String vape = glossary.withSynonyms("Can I vape on my balcony?").orElseThrow();
        assertTrue(vape.startsWith("Can I vape on my balcony?"), vape);
        assertTrue(vape.contains("smoking"), vape);
        // Longest first: "walk-through" is one entry, not "walk" and "through".
        assertEquals(java.util.List.of(new Glossary.Synonym("walk through", "inspection move-out")),
                glossary.synonyms("the walk-through"));
        // Plurals are matched by the singular's entry.
        assertTrue(glossary.withSynonyms("Are roaches a problem here?").orElseThrow().contains("pest"));
        assertEquals(Optional.empty(), glossary.withSynonyms("What is the capital of Mongolia?"));
    }
}
