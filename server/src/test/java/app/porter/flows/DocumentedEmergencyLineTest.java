package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import app.porter.knowledge.Passage;
import app.porter.language.Language;

/** Which number of a property's documents a safety answer gives: the one a sentence calls the emergency line. */
class DocumentedEmergencyLineTest {

    private static Passage passage(String title, String text) {
        return new Passage("birch-row-handbook#" + title.toLowerCase().replace(' ', '-'), "birch-row-handbook",
                "Birch Row Handbook", "birch-row", null, title, text, Language.EN);
    }

    @Test
    void theEmergencyLineWinsOverTheOfficeAndAVendorWhateverTheOrder() {
        List<Passage> passages = List.of(
                passage("Laundry", "The machines are run by Suds Co., reachable at (312) 555-0177 for refunds."),
                passage("Office", "The leasing office answers at (312) 555-0100 on weekdays."),
                passage("After hours", "Outside office hours, call the 24-hour emergency line at 312-555-0142."
                        + " The office number is (312) 555-0100."));
        assertEquals(Optional.of("312-555-0142"), DocumentedEmergencyLine.numberIn(passages, "US"));
    }

    @Test
    void withoutAnEmergencyLineTheOfficeNumberIsGivenAndAVendorsNever() {
        assertEquals(Optional.of("(312) 555-0100"), DocumentedEmergencyLine.numberIn(List.of(
                passage("Laundry", "Suds Co. runs the machines; call (312) 555-0177 about a lost coin."),
                passage("Office", "Call the management office at (312) 555-0100.")), "US"));
        assertEquals(Optional.empty(), DocumentedEmergencyLine.numberIn(List.of(
                passage("Laundry", "Suds Co. runs the machines; call (312) 555-0177 about a lost coin.")), "US"));
    }

    @Test
    void theSentenceDecidesNotThePassage() {
        // "emergency" in the next sentence does not make the vendor's number the emergency line.
        assertEquals(Optional.empty(), DocumentedEmergencyLine.numberIn(List.of(passage("Pests",
                "Pest control is done by BugAway at (312) 555-0190. In an emergency, leave the building.")), "US"));
    }

    @Test
    void numbersInOtherLanguagesAndFormats() {
        assertEquals(Optional.of("01 23 45 67 89"), DocumentedEmergencyLine.numberIn(List.of(new Passage("p#1",
                "p", "Livret", "birch-row", null, "Urgences", "En cas d'urgence, appelez le 01 23 45 67 89.",
                Language.FR)), "FR"));
    }
}
