package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AnswerKindTest {

    private static void asks(String question, AnswerKind kind) {
        assertEquals(Optional.of(kind), AnswerKind.askedIn(question), question);
    }

    private static void asksNoKind(String question) {
        assertEquals(Optional.empty(), AnswerKind.askedIn(question), question);
    }

    private static Passage passage(String title, String text) {
        return new Passage("doc#section", "doc", "maple-court", title, text);
    }

    @Test
    void aYearByTheQuestionsForm() {
        asks("what year was quillon heights built", AnswerKind.YEAR);
        asks("How old is the building?", AnswerKind.YEAR);
        asks("When was the old warehouse converted and built out?", AnswerKind.YEAR);
        asksNoKind("When is the pool open?");
        asksNoKind("how old does my kid have to be to use the gym alone");
    }

    @Test
    void aPhoneNumberByTheQuestionsForm() {
        asks("whats Delphine's personal cell number", AnswerKind.PHONE);
        asks("What's the office's phone number and are they open on weekends?", AnswerKind.PHONE);
        asks("what number do I call after hours", AnswerKind.PHONE);
        asksNoKind("what's my parking space number");
        asksNoKind("I changed my mobile number. Where do I update it?");
    }

    @Test
    void anAmountOfMoneyButNotOfNoticeOrTime() {
        asks("how much is the rent for unit 5A", AnswerKind.MONEY);
        asks("How much does a replacement key fob cost?", AnswerKind.MONEY);
        asks("what does it cost to reserve the clubhouse", AnswerKind.MONEY);
        asks("what's the price of a garage space", AnswerKind.MONEY);
        asksNoKind("how much notice do I need to give before moving out");
        asksNoKind("how much of a heads up do you have to give before entering");
        asksNoKind("How much liability coverage does my renters policy need?");
        asksNoKind("how much time do I have to report damage after move-in");
    }

    @Test
    void aPassageHoldsTheKindOrNot() {
        assertTrue(AnswerKind.YEAR.heldBy(passage("History", "The mill was converted to lofts in 1998.")));
        assertFalse(AnswerKind.YEAR.heldBy(passage("Welcome", "Welcome home! The office is open 9 to 5.")));
        assertTrue(AnswerKind.PHONE.heldBy(passage("Contacts", "Call the office at (414) 555-0142.")));
        assertTrue(AnswerKind.PHONE.heldBy(passage("Contacts", "Maintenance: 555-0199, day or night.")));
        assertFalse(AnswerKind.PHONE.heldBy(passage("Contacts", "Update your phone number in the portal.")));
        assertTrue(AnswerKind.MONEY.heldBy(passage("Keys", "A replacement fob is $45.")));
        assertTrue(AnswerKind.MONEY.heldBy(passage("Laundry", "The laundry room is free for residents.")));
        assertTrue(AnswerKind.MONEY.heldBy(passage("Early termination", "The fee is two month's rent.")));
        assertTrue(AnswerKind.MONEY.heldBy(passage("Renewal", "Rent rises by at most 4 percent.")));
        assertFalse(AnswerKind.MONEY.heldBy(passage("Renewal", "We send a renewal offer 90 days before the end.")));
    }
}
