package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.PorterConfig;
import app.porter.portfolio.Property;

/**
 * Round 13 of issue 12 on a real knowledge base: a misspelt question word is repaired into the documents' spelling
 * before retrieval reads it; a real word the documents lack, and a guess the documents cannot confirm, stay.
 */
class RespellingTest {

    private static final Scope MARROW = Scope.property("marrow-creek");
    private static final String HANDBOOK = """
            # Marrow Creek Handbook

            ## Your security deposit

            We return your deposit within 30 days of move-out, by check. Roommates may ask for separate checks.

            ## Move-in day

            Walk through the home with the inspection form and note any damage that is already there.

            ## Cooling

            When the air conditioning stops cooling, put in a work order; after hours call 555-0132. Nobody haul
            trash here; staff responds within a day.
            """;

    @TempDir
    static Path dataDir;
    static KnowledgeStack stack;
    static KnowledgeBase knowledge;

    @BeforeAll
    static void build() throws Exception {
        stack = KnowledgeStack.open(dataDir, properties -> properties.addIfAbsent(new Property("marrow-creek",
                "Marrow Creek")));
        knowledge = stack.knowledge();
        stack.install("marrow-creek-handbook", "handbook.md", HANDBOOK, MARROW);
        stack.awaitIndexed();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void misspeltWordsTakeTheDocumentsSpelling() {
        assertEquals("when do i get my deposit back? can we get separate checks",
                knowledge.respelled("when do i get my depostit back? can we get seperate checks"));
        // Capitalised at the start of a sentence, still repaired (in the documents' lower case).
        assertEquals("deposit back when?", knowledge.respelled("Depostit back when?"));
    }

    @Test
    void realWordsShortWordsAndUnconfirmedGuessesStay() {
        for (String question : List.of(
                "can i keep my kayak in the storage room", // English, just not in the documents
                "its almost nite, is the office open", // texting: four letters
                "the ac is bloing warm air", // blowing? booing? no document says
                "we rented a uhaul for saturday", // "haul" is near, but a misspelling keeps its first letter
                "teachers and first responders", // "responds" is two slips away
                "help with NaCl homework")) { // capitals inside: a name or a formula
            assertEquals(question, knowledge.respelled(question));
        }
    }

    @Test
    void shorthandIsWrittenOut() {
        // round 14 of issue 12: "bldg B basement" is a place no document names, "building B basement" is one
        assertEquals("how much do the dryers cost in the building B basement",
                knowledge.respelled("how much do the dryers cost in the Bldg B basement"));
        assertEquals("my girlfriend is moving into my apartment, washer and dryer hours?",
                knowledge.respelled("my gf is moving into my apt, w/d hrs?"));
        // a part of a longer word, or of a word with a slash, is no shorthand
        assertEquals("aptitude and/or bldgs2", knowledge.respelled("aptitude and/or bldgs2"));
    }

    @Test
    void slipsCountAVowelForAVowelAndAMissingVowelAsHalf() {
        assertEquals(0.5, Respelling.slips("renewel", "renewal"));
        assertEquals(1.0, Respelling.slips("renewel", "renewed"));
        assertEquals(0.5, Respelling.slips("lockd", "locked"));
        assertEquals(1.0, Respelling.slips("depostit", "deposit"));
        assertEquals(1.0, Respelling.slips("recieve", "receive")); // a swap is one slip
        assertEquals(2.0, Respelling.slips("responders", "responds"));
    }

    @Test
    void aMisspeltQuestionIsAnsweredFromTheRightSection() {
        float minSimilarity = PorterConfig.load(Map.of()).minSimilarity();
        List<ScoredPassage> hits = knowledge.answering("how long after i turn in my keys till i get my depostit back",
                null, MARROW, 3, null, minSimilarity);
        assertEquals("marrow-creek-handbook#your-security-deposit", hits.getFirst().passage().id(), hits.toString());
    }
}
