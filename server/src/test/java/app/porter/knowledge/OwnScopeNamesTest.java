package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.PorterConfig;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * Round 5 of issue 12 on a real knowledge base of two properties: the asker's own property and unit names are
 * words of asking for the term gate ("Does Linden Yard have a sauna?" is about a sauna), and an own passage as
 * close as the portfolio's is lifted over it.
 */
class OwnScopeNamesTest {

    private static final Scope LINDEN_YARD = Scope.property("linden-yard");
    private static final Scope UNIT_3F = Scope.unit("linden-yard", "3F");
    private static final Scope HARBOR_VIEW = Scope.property("harbor-view");

    private static final String LINDEN_HANDBOOK = """
            # Linden Yard Resident Handbook

            Welcome to Linden Yard. This handbook explains how Linden Yard works day to day.

            ## Bike room

            The bike room is next to the garage entrance. Every resident gets a key card for it; e-bikes charge at
            the sockets on the left wall.

            ## Mail

            Letters are delivered to the mailboxes in the lobby every weekday before noon.
            """;
    private static final String HARBOR_RULES = """
            # Harbor View House Rules

            Welcome to Harbor View. These rules keep Harbor View pleasant for everyone.

            ## Quiet hours

            Quiet hours are from 10 p.m. to 7 a.m. every day.
            """;
    /** The same clause, portfolio-wide and in the unit's own lease. */
    private static final String LOCKOUTS = """
            ## Lockouts

            When you cannot get into your home after office hours, the locksmith call-out costs $85.
            """;

    @TempDir
    static Path dataDir;
    static KnowledgeStack stack;
    static Portfolio portfolio;
    static KnowledgeBase knowledge;

    @BeforeAll
    static void build() throws Exception {
        stack = KnowledgeStack.open(dataDir, properties -> {
            properties.addIfAbsent(new Property("linden-yard", "Linden Yard"));
            properties.addUnitIfAbsent(new Unit("linden-yard", "3F", null));
            properties.addIfAbsent(new Property("harbor-view", "Harbor View"));
        });
        portfolio = stack.portfolio();
        knowledge = stack.knowledge();
        stack.install("linden-yard-handbook", "handbook.md", LINDEN_HANDBOOK, LINDEN_YARD);
        stack.install("harbor-view-rules", "rules.md", HARBOR_RULES, HARBOR_VIEW);
        stack.install("portfolio-faq", "faq.md", "# Frequently asked questions\n\n" + LOCKOUTS, Scope.PORTFOLIO);
        stack.install("lease-linden-yard-3f", "lease.md", "# Lease of unit 3F\n\n" + LOCKOUTS, UNIT_3F);
        stack.awaitIndexed();
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    @Test
    void theAskersPropertyAndUnitNamesComeFromThePortfolio() {
        List<String> names = KnowledgeLibrary.names(portfolio, UNIT_3F);
        assertTrue(names.containsAll(List.of("linden yard", "Linden Yard", "3F")), names.toString());
        assertEquals(List.of(), KnowledgeLibrary.names(portfolio, Scope.PORTFOLIO));
        assertTrue(knowledge.nameTerms(LINDEN_YARD).containsAll(Set.of("linden", "yard")));
        assertFalse(knowledge.nameTerms(HARBOR_VIEW).contains("linden"), "another property's name is not a name");
    }

    @Test
    void theAskersNamesAreWordsOfAsking() {
        // Every Linden Yard passage says "Linden Yard": without the names the question is about a sauna alone.
        TermCoverage sauna = knowledge.coverage("Does Linden Yard have a sauna?", LINDEN_YARD);
        assertEquals(List.of("sauna"), sauna.terms());
        assertEquals(1.0, sauna.unknownShare(), 1e-9);
        // At Harbor View, "Linden Yard" is not the asker's home: its words stay (and are unknown there).
        assertTrue(knowledge.coverage("Does Linden Yard have a sauna?", HARBOR_VIEW).terms().contains("linden"));
        assertEquals("Does have a sauna?", knowledge.withoutNames("Does Linden Yard have a sauna?",
                knowledge.nameTerms(LINDEN_YARD)));
    }

    @Test
    void aQuestionKnownOnlyByTheNameIsRefusedAndOneAboutTheBuildingIsAnswered() {
        float minSimilarity = PorterConfig.load(Map.of()).minSimilarity();
        assertEquals(List.of(), knowledge.answering("Does Linden Yard have a sauna?", null, LINDEN_YARD, 3, null,
                minSimilarity));
        List<ScoredPassage> bike = knowledge.answering("Where do I keep my bike at Linden Yard?", null, LINDEN_YARD,
                3, null, minSimilarity);
        assertTrue(bike.stream().anyMatch(hit -> hit.passage().id().equals("linden-yard-handbook#bike-room")),
                bike.toString());
    }

    @Test
    void theUnitsOwnClauseWinsANearTieWithThePortfolioOneThatKeywordsDidNotDecide() {
        // No word of the question is in either clause, so BM25 finds neither; by meaning they are (nearly) tied.
        List<ScoredPassage> hits = knowledge.search("Stuck outside at midnight: what is the charge?", UNIT_3F, 3);
        ScoredPassage first = hits.getFirst();
        assertEquals("lease-linden-yard-3f#lockouts", first.passage().id(), hits.toString());
        assertEquals(0, first.keywordRank());
        // Another property's tenant sees only the portfolio's.
        List<String> elsewhere = knowledge.search("Stuck outside at midnight: what is the charge?", HARBOR_VIEW, 3)
                .stream().map(hit -> hit.passage().id()).toList();
        assertTrue(elsewhere.contains("portfolio-faq#lockouts") && !elsewhere.contains(first.passage().id()),
                elsewhere.toString());
    }
}
