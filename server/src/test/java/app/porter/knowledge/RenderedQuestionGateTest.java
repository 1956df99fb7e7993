package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.PorterConfig;
import app.porter.language.Glossary;
import app.porter.language.Language;
import app.porter.portfolio.Property;

/**
 * Round 6 of issue 12 on a real knowledge base: a question in another language is judged by the term gate in its
 * glossary rendering, the English words the glossary knows for it. "Thủ đô của Úc là gì?" (what is the capital of
 * Australia) renders as "capital city Úc", words no passage holds; a question about the bike room is answered.
 */
class RenderedQuestionGateTest {

    private static final Scope MAPLE_COURT = Scope.property("maple-court");

    private static final String HANDBOOK = """
            # Maple Court Resident Handbook

            ## Bike storage

            Bikes are kept in the bike room next to the garage entrance. Every resident gets a key card for it.

            ## Fitness center

            The fitness center on the second floor is open from 5 a.m. to 11 p.m. Bring a towel.

            ## Mail

            Letters are delivered to the mailboxes in the lobby every weekday before noon.
            """;

    @TempDir
    static Path dataDir;
    static KnowledgeStack stack;
    static KnowledgeBase knowledge;

    @BeforeAll
    static void build() throws Exception {
        stack = KnowledgeStack.open(dataDir, properties -> properties.addIfAbsent(
                new Property("maple-court", "Maple Court")));
        knowledge = stack.knowledge();
        stack.install("maple-court-handbook", "handbook.md", HANDBOOK, MAPLE_COURT);
        stack.awaitIndexed();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void theGateJudgesAnEnglishQuestionAsWrittenAndAnotherLanguageByItsRendering() {
        assertEquals("Is there a sauna?", KnowledgeBase.judgedWording(List.of("Is there a sauna?"), null));
        assertEquals("Is there a sauna?", KnowledgeBase.judgedWording(List.of("Is there a sauna?"), Language.EN));
        assertEquals("sauna", KnowledgeBase.judgedWording(List.of("¿Hay sauna?", "sauna"), Language.ES));
        // A question the glossary renders nothing of has only the tenant's own words: nothing to judge by.
        assertNull(KnowledgeBase.judgedWording(List.of("¿Hay sauna?"), Language.ES));
    }

    @Test
    void aRenderedQuestionTheDocumentsHaveNoWordsForIsRefused() {
        float minSimilarity = PorterConfig.load(Map.of()).minSimilarity();
        String question = "Thủ đô của Úc là gì?";
        String rendering = Glossary.bundled().toEnglish(question, Language.VI).orElseThrow().english();
        assertEquals(1.0, knowledge.coverage(rendering, MAPLE_COURT).unknownShare(), 1e-9, rendering);
        List<String> wordings = List.of(question, rendering);
        // Close enough in meaning to pass the similarity and off-topic gates; refused by its words alone.
        float offTopic = knowledge.offTopicSimilarity(stack.embedder().embed(rendering));
        assertFalse(knowledge.search(wordings, null, MAPLE_COURT, 3, Language.VI).stream()
                .filter(hit -> hit.clears(minSimilarity) && hit.score() >= offTopic - KnowledgeBase.OFF_TOPIC_MARGIN)
                .toList().isEmpty());
        assertEquals(List.of(), knowledge.answering(wordings, null, MAPLE_COURT, 3, Language.VI, minSimilarity));
    }

    @Test
    void aRenderedQuestionAboutTheBuildingIsAnswered() {
        float minSimilarity = PorterConfig.load(Map.of()).minSimilarity();
        String question = "Tôi để xe đạp ở đâu?";
        String rendering = Glossary.bundled().toEnglish(question, Language.VI).orElseThrow().english();
        List<ScoredPassage> hits = knowledge.answering(List.of(question, rendering), null, MAPLE_COURT, 3,
                Language.VI, minSimilarity);
        assertFalse(hits.isEmpty(), rendering);
        assertEquals("maple-court-handbook#bike-storage", hits.getFirst().passage().id(), hits.toString());
    }
}
