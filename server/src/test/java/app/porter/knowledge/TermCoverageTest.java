package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TermCoverageTest {

    @Test
    void aQuestionNoPassageHasAWordForIsWhollyUnknown() {
        TermCoverage sauna = new TermCoverage(List.of("sauna"), List.of(0), 40);
        assertEquals(List.of("sauna"), sauna.unknown());
        assertEquals(1.0, sauna.unknownShare(), 1e-9);
    }

    @Test
    void aWordEveryPassageHasWeighsLittle() {
        // "Is there a tennis court?" at Maple Court: "court" is in every passage, "tennis" in none.
        TermCoverage tennis = new TermCoverage(List.of("tenni", "court"), List.of(0, 40), 40);
        assertTrue(tennis.unknownShare() > 0.75, "share " + tennis.unknownShare());
        // A rare known word weighs as much as the unknown one.
        TermCoverage rare = new TermCoverage(List.of("tenni", "pool"), List.of(0, 1), 40);
        assertTrue(rare.unknownShare() < 0.6, "share " + rare.unknownShare());
    }

    @Test
    void theWordsOfAskingAreNotWhatTheQuestionIsAbout() {
        TermCoverage howMuch = new TermCoverage(List.of("much", "pet", "fee"), List.of(0, 3, 5), 40);
        assertEquals(List.of("pet", "fee"), howMuch.terms());
        assertEquals(0.0, howMuch.unknownShare(), 1e-9);
        assertEquals(0.0, new TermCoverage(List.of(), List.of(), 40).unknownShare(), 1e-9);
    }

    @Test
    void aSynonymTheDocumentsUseMakesAWordKnown() {
        TermCoverage vape = new TermCoverage(List.of("vape", "balconi"), List.of(0, 4), 40).known("vape", 3);
        assertEquals(List.of(), vape.unknown());
    }
}
