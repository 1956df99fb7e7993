package app.porter.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The bundled English dictionary (Hunspell en_US) as the respelling of questions uses it. */
class EnglishWordsTest {

    private final EnglishWords english = EnglishWords.bundled();

    @Test
    void wordsAsTenantsWriteThemAreEnglish() {
        for (String word : List.of("kayak", "deposit", "Deposit", "tesla", "dont", "thats", "theyre", "mattresses")) {
            assertTrue(english.isWord(word), word);
        }
        for (String word : List.of("depostit", "insurence", "seperate", "bloing")) {
            assertFalse(english.isWord(word), word);
        }
    }

    @Test
    void aMisspellingGetsItsLikelyWordsAndEnglishWrittenAnotherWayGetsNone() {
        assertEquals(List.of("deposit"), english.corrections("depostit"));
        assertTrue(english.corrections("insurence").contains("insurance"), english.corrections("insurence").toString());
        assertTrue(english.corrections("bloing").contains("blowing"));
        // English, or English in other capitals: nothing to correct.
        assertEquals(List.of(), english.corrections("kayak"));
        assertEquals(List.of(), english.corrections("wifi"));
        // Corrections are single words: "elevate r" is passed over for "elevator".
        assertTrue(english.corrections("elevater").contains("elevator"), english.corrections("elevater").toString());
        assertTrue(english.corrections("elevater").stream().allMatch(w -> w.chars().allMatch(Character::isLetter)));
    }
}
