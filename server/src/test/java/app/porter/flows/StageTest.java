package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.porter.language.Language;

/** How stages compose, and how offers are kept between messages. */
class StageTest {

    private static Stage passing(List<String> seen, String name) {
        return (turn, next) -> {
            seen.add(name);
            return next.decide(turn);
        };
    }

    private static Stage answering(List<String> seen, String name) {
        return (turn, next) -> {
            seen.add(name);
            return Decision.of(new Decision.Reply(name, Decision.Kind.FLOW, null, Language.EN), null);
        };
    }

    @Test
    void stagesRunInOrderUntilOneDecides() {
        List<String> seen = new ArrayList<>();
        Decision decision = Stage.chain(List.of(passing(seen, "a"), answering(seen, "b"), answering(seen, "c")))
                .decide(null);
        assertEquals(List.of("a", "b"), seen, "the stages after the one that decided never run");
        assertEquals("b", ((Decision.Reply) decision.outcome()).text());
    }

    @Test
    void aStageMayAdjustWhatTheStagesAfterItDecided() {
        Stage wrapping = (turn, next) -> {
            Decision after = next.decide(turn);
            Decision.Reply reply = (Decision.Reply) after.outcome();
            return after.with(new Decision.Reply("notice\n\n" + reply.text(), reply.kind(), null, Language.EN))
                    .and(new Decision.Escalate("flow", null));
        };
        Decision decision = Stage.chain(List.of(wrapping, answering(new ArrayList<>(), "answer"))).decide(null);
        assertEquals("notice\n\nanswer", ((Decision.Reply) decision.outcome()).text());
        assertEquals(List.of(new Decision.Escalate("flow", null)), decision.effects());
    }

    @Test
    void runningPastTheLastStageIsABug() {
        assertThrows(IllegalStateException.class, () -> Stage.chain(List.of(passing(new ArrayList<>(), "a")))
                .decide(null));
    }

    @Test
    void onlyAnswersWithPassagesNeedTheModel() {
        assertFalse(Decision.of(new Decision.Knowledge(List.of(), null, null, Language.EN), null).needsAnswerer(),
                "I don't know needs no model");
        assertFalse(Decision.of(new Decision.Reply("x", Decision.Kind.FLOW, null, Language.EN), null)
                .needsAnswerer());
    }

    @Test
    void offersAreStoredAsTheCodesSessionsAlwaysUsed() {
        List<Offer> offers = List.of(Offer.PERSON, Offer.RESUME, Offer.STATUS_REFERENCE,
                new Offer.StatusUnit("MC-1001"), new Offer.Contact(Language.ES));
        for (Offer offer : offers) {
            assertEquals(offer, Offer.fromCode(offer.code()));
        }
        assertEquals("status-unit:MC-1001", new Offer.StatusUnit("MC-1001").code());
        assertNull(Offer.fromCode("something-newer"), "an offer this version does not know is dropped");
        assertNull(Offer.fromCode(null));
        assertThrows(IllegalArgumentException.class, () -> new Offer.StatusUnit(" "));
    }
}
