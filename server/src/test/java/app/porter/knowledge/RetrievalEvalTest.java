package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.PorterConfig;
import app.porter.chat.Answer;
import app.porter.chat.Citation;
import app.porter.chat.ExtractiveAnswerer;
import app.porter.inference.OnnxEmbedder;

/**
 * Floors on the retrieval evaluation ({@link RetrievalEval}: 173 questions over three properties' documents in
 * PDF, Word, HTML, CSV, JSON, Markdown and plain text, and 28 off-topic questions), with the model, views and
 * gate Porter ships: a change that makes retrieval worse fails here. Measured when written (README, evaluation
 * section): hybrid hit@1 0.902, hit@3 0.983 (173 questions); at the configured gate no answerable question refused
 * and 20 of 28 off-topic ones refused (22 after round 4: building, apartment, unit as words of asking; the floor
 * is 0.75); the second held-out set (40 questions, never tuned on) hit@1 0.950. Round 5 (names as words of
 * asking, own-scope near ties): dev hit@1 0.908, held out 3 0.880, held out 4 0.816, near-domain refused 10 of 20;
 * the floors are unchanged. Round 7 (the thing an existence or recommendation question asks about must be known,
 * {@link AskedThing}): off-topic refused 27 of 28 on dev, 15 of 20 near-domain, and on the fifth held-out set
 * (Willow Quay, written before the round, never tuned on) 15 of 24 where 10 were before, no answer refused; with
 * where / which floor / what time / how much / can I book the thing, 28 of 28, 17 of 20 and 18 of 24. The off-topic
 * floors rise to 0.9 and 0.8.
 */
class RetrievalEvalTest {

    @TempDir
    Path dataDir;

    @Test
    void hybridRetrievalFindsTheAnsweringPassageAndTheGateRefusesNoAnswer() throws Exception {
        List<RetrievalEval.Question> questions = RetrievalEval.questions();
        assertTrue(questions.size() >= 150, "the evaluation set has at least 150 questions");
        assertTrue(RetrievalEval.offTopic().size() >= 20, "and at least 20 off-topic ones");
        try (OnnxEmbedder embedder = OnnxEmbedder.load(KnowledgeBase.MODEL, 2);
             EvalCorpus corpus = EvalCorpus.build(dataDir, embedder)) {
            RetrievalEval.Result hybrid = RetrievalEval.evaluate(corpus.knowledge, questions);
            assertTrue(hybrid.hitAt1() >= 0.91, "hit@1 " + hybrid.hitAt1() + " misses " + hybrid.misses());
            assertTrue(hybrid.hitAt3() >= 0.975, "hit@3 " + hybrid.hitAt3() + " misses " + hybrid.misses());
            RetrievalEval.Result heldOut = RetrievalEval.evaluate(corpus.knowledge, RetrievalEval.heldOut2());
            assertTrue(heldOut.hitAt1() >= 0.9, "held out hit@1 " + heldOut.hitAt1() + " " + heldOut.misses());
            // The third held-out set (round 3, never tuned on) measured 0.840 first (21 of 25) when written.
            RetrievalEval.Result heldOut3 = RetrievalEval.evaluate(corpus.knowledge, RetrievalEval.heldOut3());
            assertTrue(heldOut3.hitAt1() >= 0.8, "held out 3 hit@1 " + heldOut3.hitAt1() + " " + heldOut3.misses());
            // The fourth (round 4, Linden Yard's documents new to the system) measured 0.789 first (30 of 38).
            RetrievalEval.Result heldOut4 = RetrievalEval.evaluate(corpus.knowledge, RetrievalEval.heldOut4());
            assertTrue(heldOut4.hitAt1() >= 0.75, "held out 4 hit@1 " + heldOut4.hitAt1() + " " + heldOut4.misses());
            // The fifth (round 7, Willow Quay's HTML guide and lease) measured 0.850 first (34 of 40).
            RetrievalEval.Result heldOut5 = RetrievalEval.evaluate(corpus.knowledge, RetrievalEval.heldOut5());
            assertTrue(heldOut5.hitAt1() >= 0.8, "held out 5 hit@1 " + heldOut5.hitAt1() + " " + heldOut5.misses());
            // The sixth (round 8, Quarry Mill's handbook, FAQ and PDF lease) measured 0.780 first (32 of 41);
            // 0.854 once headings were no longer embedded alone.
            assertHits(corpus.knowledge, RetrievalEval.heldOut6(), "held out 6", 0.8, 0.95);
            // The seventh (round 9, Fernhill Commons' handbook and HTML rules) measured 0.905 first (38 of 42).
            assertHits(corpus.knowledge, RetrievalEval.heldOut7(), "held out 7", 0.85, 0.95);
            // The eighth (round 10, Juniper Row's Markdown guide and HTML policies) measured 0.867 first (39 of 45).
            // 0.867 (39) through round 12 and 0.844 (38) on round 13's host with the same code and model: one
            // question is a near tie that the host's floating point decides.
            assertHits(corpus.knowledge, RetrievalEval.heldOut8(), "held out 8", 0.84, 0.95);
            // The ninth (round 11, Alder Bend's plain-text FAQ and PDF lease for 12C) measured 0.844 first (38 of 45).
            assertHits(corpus.knowledge, RetrievalEval.heldOut9(), "held out 9", 0.8, 0.93);
            // The tenth (round 11's second, Sorrel Point's Markdown handbook and HTML rules) measured 0.911 first.
            assertHits(corpus.knowledge, RetrievalEval.heldOut10(), "held out 10", 0.85, 0.93);
            // The eleventh (round 12, Tamsin Wharf's Markdown guide and the Word lease of 4E, long sections with facts
            // in unexpected places) measured 0.733 / 0.844 first; the floor is what was reached.
            assertHits(corpus.knowledge, RetrievalEval.heldOut11(), "held out 11", 0.7, 0.82);
            // The twelfth (round 12's second, Marrow Creek's HTML handbook with tables and CSV FAQ, written after the
            // round's changes) measured 0.711 / 0.822 first.
            assertHits(corpus.knowledge, RetrievalEval.heldOut12(), "held out 12", 0.68, 0.8);
            // The thirteenth (round 13, Quillon Heights: a guide headed in title case, uploaded as a PDF, and a
            // Markdown FAQ) measured 0.333 first: the guide's headings were not seen, so none of its 30 questions
            // could be cited by section; 0.933 / 0.978 once a title-case line of its own is a heading.
            assertHits(corpus.knowledge, RetrievalEval.heldOut13(), "held out 13", 0.9, 0.95);
            // The fourteenth (round 13's second, Brackenridge Lofts' HTML handbook and the Word lease of 3C, written
            // after the round's changes) measured 0.822 / 0.911 first.
            assertHits(corpus.knowledge, RetrievalEval.heldOut14(), "held out 14", 0.8, 0.9);
            // The fifteenth (round 14, Wrenfield Court's Markdown guide, CSV FAQ and the lease of 5D as a PDF)
            // measured 0.711 / 0.822 first; 0.778 / 0.844 once a passage is embedded with the headings above it and
            // with the round's English synonyms.
            assertHits(corpus.knowledge, RetrievalEval.heldOut15(), "held out 15", 0.75, 0.82);
            // The sixteenth (round 14's second, Dunmore Mills' plain-text handbook as a PDF, HTML FAQ and the Word
            // lease of 2F, written after the round's first changes) measured 0.733 / 0.911 first.
            assertHits(corpus.knowledge, RetrievalEval.heldOut16(), "held out 16", 0.7, 0.88);
            // The seventeenth (round 14's third, Corvin Yard's HTML handbook, Q:/A: FAQ and the lease of B12 as plain
            // text, written after all of the round's changes) measured 0.800 / 0.925 first; nothing was tuned on it.
            assertHits(corpus.knowledge, RetrievalEval.heldOut17(), "held out 17", 0.78, 0.9);

            PorterConfig config = PorterConfig.load(Map.of());
            RetrievalEval.Gate gate = RetrievalEval.gate(corpus.knowledge, questions, RetrievalEval.offTopic(),
                    config.minSimilarity());
            assertEquals(0, gate.refused(), "answerable questions refused by the gate: " + gate);
            assertTrue(gate.offTopicRefused() >= 0.9 * gate.offTopic(), gate.toString());
            // "Is there a sauna?": no passage says sauna, so the pool rules are not quoted for it.
            RetrievalEval.Gate nearDomain = RetrievalEval.gate(corpus.knowledge, RetrievalEval.heldOut2(),
                    RetrievalEval.offTopicHeldOut(), config.minSimilarity());
            assertTrue(nearDomain.offTopicRefused() >= 0.8 * nearDomain.offTopic(), nearDomain.toString());
            // "Do you have a piano room?": the room is known, the piano is not.
            assertGate(corpus.knowledge, RetrievalEval.heldOut5(), RetrievalEval.offTopicHeldOut5(), config, 0, 0.8);
            // "I'd like to book the rooftop deck", "Am I allowed to have a waterbed?": Quarry Mill has neither.
            assertGate(corpus.knowledge, RetrievalEval.heldOut6(), RetrievalEval.offTopicHeldOut6(), config, 0, 0.7);
            // "is the concierge at the front desk overnight?", "where's the EV charger?" (a synonym is one thing:
            // "charging electric vehicle" in one passage), "a party on the rooftop deck" (the place is asked about
            // too): Fernhill Commons has none of them. Measured 16 of 24 first, 21 after round 9. Two answerable
            // questions were refused first: "can i pay rent w my credit card" (read as renting a "w" until the
            // form wanted an article) and one whose passage neither ranking finds (README, round 9).
            assertGate(corpus.knowledge, RetrievalEval.heldOut7(), RetrievalEval.offTopicHeldOut7(), config, 1, 0.8);
            // "wheres the nearest dog park", "does the building run a shuttle", "rent one of the basement storage
            // cages", "a dog wash station" (a synonym's words in one passage too): Juniper Row has none of them.
            // Measured 14 of 24 first, 18 after round 10; "what time do u guys close" was refused (a thing "u guys")
            // until the thing ended at "u" as at "you".
            assertGate(corpus.knowledge, RetrievalEval.heldOut8(), RetrievalEval.offTopicHeldOut8(), config, 1, 0.7);
            // "is there a notary at the leasing office who could stamp a document for me" is closer to the portfolio
            // FAQ on copies of the lease without "notary" than with it: not a paraphrase; "any kind of shuttle".
            // Measured 16 of 23 first, 18 after round 11; no answerable question refused.
            assertGate(corpus.knowledge, RetrievalEval.heldOut9(), RetrievalEval.offTopicHeldOut9(), config, 0, 0.7);
            // "Is there something I'm supposed to fill out" and "why is there a separate water/sewer thing on my
            // ledger" were refused first (2 of 45; off-topic 17 of 24): a thing ends at "I'm", "why is there" asks why.
            assertGate(corpus.knowledge, RetrievalEval.heldOut10(), RetrievalEval.offTopicHeldOut10(), config, 0, 0.6);
            // Round 12: three answerable questions refused first (1 now: "is anybody actually in the office on
            // sundays", closer to the off-topic examples than to any passage), 19 of 24 off-topic refused first (21):
            // "is there any wiggle room" is a grace period, "a new one" no new thing, a password asked for by name.
            assertGate(corpus.knowledge, RetrievalEval.heldOut11(), RetrievalEval.offTopicHeldOut11(), config, 1, 0.8);
            // Round 12's second: "can we get a third fob" and "I'm on the 3rd floor ... is there a shelter" were
            // refused first (2 of 45); 18 of 24 off-topic refused.
            assertGate(corpus.knowledge, RetrievalEval.heldOut12(), RetrievalEval.offTopicHeldOut12(), config, 0, 0.7);
            // Round 13: no answerable question refused; 17 of 24 off-topic refused first, 18 once "write me a haiku"
            // had a request to write something among the off-topic examples.
            assertGate(corpus.knowledge, RetrievalEval.heldOut13(), RetrievalEval.offTopicHeldOut13(), config, 0, 0.8);
            // Round 13's second: "can i put a satelite dish on my balcony railing" and "is there a max number of
            // people who can live in our unit" were refused first (14 of 24 off-topic refused): the first is
            // answered once a misspelling is one slip from a document's word ("satellite").
            assertGate(corpus.knowledge, RetrievalEval.heldOut14(), RetrievalEval.offTopicHeldOut14(), config, 1, 0.65);
            // Round 14: "the dryers in the bldg B basement" (a place no document names until shorthand is written out)
            // and "is there a max weight for dogs" were refused first; 15 of 24 off-topic refused first, 18 once
            // a forecast, tax advice, earlier occupants and a personal number are nothing documents hold.
            assertGate(corpus.knowledge, RetrievalEval.heldOut15(), RetrievalEval.offTopicHeldOut15(), config, 0, 0.7);
            // Round 14's second: three answerable questions refused (heavy rain, closer to the off-topic examples;
            // "plug-in stations", whose words no one passage has; "a shared office space"); 16 of 24 off-topic
            // refused first, 20 after the round's BeyondDocuments.
            assertGate(corpus.knowledge, RetrievalEval.heldOut16(), RetrievalEval.offTopicHeldOut16(), config, 3, 0.8);
            // Round 14's third, untuned: "is there someone watching the swimmers at the pool" and "can we get a 2nd cat"
            // refused (2 of 40); 14 of 20 off-topic refused.
            assertGate(corpus.knowledge, RetrievalEval.heldOut17(), RetrievalEval.offTopicHeldOut17(), config, 2, 0.65);

            // A question two sections answer (the Parking section, and Guests on visitor parking) quotes both.
            ExtractiveAnswerer answerer = new ExtractiveAnswerer(corpus.knowledge,
                    new ExtractiveAnswerer.Settings(config.minSimilarity(), config.runnerUpMargin()));
            // Birchwood's FAQ entry on guests says "visitor spaces" but not "car": quoted for the words of the
            // question the parking entry lacks (KnowledgeBase.answersMoreOf).
            for (RetrievalEval.Question q : RetrievalEval.TWO_SECTIONS) {
                assertQuotes(answerer, q.text(), q.scope(), q.expected());
            }
        }
    }

    /** A held-out set's right passages first for at least {@code minHitAt1}, in the top 3 for {@code minHitAt3}. */
    private static void assertHits(KnowledgeBase knowledge, List<RetrievalEval.Question> questions, String set,
                                   double minHitAt1, double minHitAt3) {
        RetrievalEval.Result result = RetrievalEval.evaluate(knowledge, questions);
        assertTrue(result.hitAt1() >= minHitAt1, set + " hit@1 " + result.hitAt1() + " " + result.misses());
        assertTrue(result.hitAt3() >= minHitAt3, set + " hit@3 " + result.hitAt3() + " " + result.misses());
    }

    /**
     * The gate on a held-out set: at most {@code maxRefused} answerable questions refused, and at least {@code
     * offTopicShare} of its off-topic questions.
     */
    private static void assertGate(KnowledgeBase knowledge, List<RetrievalEval.Question> answerable,
                                   List<RetrievalEval.Question> offTopic, PorterConfig config, int maxRefused,
                                   double offTopicShare) {
        RetrievalEval.Gate gate = RetrievalEval.gate(knowledge, answerable, offTopic, config.minSimilarity());
        assertTrue(gate.refused() <= maxRefused, "answerable questions refused by the gate: " + gate);
        assertTrue(gate.offTopicRefused() >= offTopicShare * gate.offTopic(), gate.toString());
    }

    private static void assertQuotes(ExtractiveAnswerer answerer, String question, Scope scope, Set<String> ids) {
        Answer answer = answerer.answer(question, scope, token -> { });
        assertEquals(ids, Set.copyOf(answer.citations().stream().map(Citation::sourceId).toList()), question);
    }
}
