package app.porter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private final Redactor redactor = new Redactor("US", List.of("Jane Roe", "Bartholomew Okafor"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "write to jane.roe+lease@example.co.uk please|write to [EMAIL] please|EMAIL",
            "call me at (415) 555-2671 after 5|call me at [PHONE] after 5|PHONE",
            "my cell is 415.555.2671|my cell is [PHONE]|PHONE",
            "reach me on +44 20 7946 0958 while abroad|reach me on [PHONE] while abroad|PHONE",
            "card 4111 1111 1111 1111 exp 12/27|card [CARD] exp 12/27|CARD",
            "card 5500-0000-0000-0004|card [CARD]|CARD",
            "my SSN is 123-45-6789|my SSN is [SSN]|SSN",
            "social security number 123 45 6789|social security number [SSN]|SSN",
            "pay from DE89 3704 0044 0532 0130 00 please|pay from [IBAN] please|IBAN",
            "pay from GB82WEST12345698765432|pay from [IBAN]|IBAN",
            "I was born on 04/12/1988 in Ohio|I was born on [DATE_OF_BIRTH] in Ohio|DATE_OF_BIRTH",
            "DOB: March 3, 1990|DOB: [DATE_OF_BIRTH]|DATE_OF_BIRTH",
            "send it to 1428 Elm Street, unit 4|send it to [ADDRESS], unit 4|ADDRESS",
            "I moved from 77 North Maple Ave.|I moved from [ADDRESS]|ADDRESS",
            "jane roe asked about parking|[NAME] asked about parking|NAME",
            "Ask Bartholomew  Okafor in 3B|Ask [NAME] in 3B|NAME",
    })
    void redactsEachKindAndReportsIt(String text, String expected, Redactor.Type type) {
        Redactor.Result result = redactor.redact(text);
        assertEquals(expected, result.text());
        assertEquals(Map.of(type, 1), result.counts());
    }

    /** Property-management text that must come through untouched. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "The sink in unit 305 is leaking",
            "Apt 12B needs a new smoke detector battery",
            "Rent is $1,450.00 per month, due on the 1st",
            "I paid 1450 dollars on 2024-06-01",
            "My lease runs from 06/01/2024 to 05/31/2025",
            "Move-out date is July 31, 2025",
            "Work order 2024061500123 is still open",
            "The late fee is $75 after the 5th",
            "Building 4, floor 2, room 210",
            "My account number is 1234567890123",
            "Maple Court Apartments office hours are 9-5",
            "Janet Roewe is not in the directory",
    })
    void leavesOrdinaryTenantTextAlone(String text) {
        Redactor.Result result = redactor.redact(text);
        assertEquals(text, result.text(), () -> "redacted " + result.counts());
        assertEquals(0, result.total());
    }

    @Test
    void reportsEveryKindInAMixedText() {
        Redactor.Result result = redactor.redact("Jane Roe (jane@example.com, 415-555-2671) paid with "
                + "4111111111111111; rent $1,450 for unit 4B.");
        assertEquals("[NAME] ([EMAIL], [PHONE]) paid with [CARD]; rent $1,450 for unit 4B.", result.text());
        assertEquals(Map.of(Redactor.Type.NAME, 1, Redactor.Type.EMAIL, 1, Redactor.Type.PHONE, 1,
                Redactor.Type.CARD, 1), result.counts());
        assertEquals(4, result.total());
    }

    @Test
    void checksumsGuardCardsAndIbans() {
        assertTrue(Redactor.luhn("4111111111111111"));
        assertFalse(Redactor.luhn("4111111111111112"));
        assertTrue(Redactor.ibanValid("DE89370400440532013000"));
        assertFalse(Redactor.ibanValid("DE89370400440532013001"));
        assertEquals("card 4111 1111 1111 1112", redactor.redact("card 4111 1111 1111 1112").text());
    }

    @Test
    void neverIssuedSsnAreasAreNotSsns() {
        assertEquals("ref 000-12-3456 and 666-12-3456", redactor.redact("ref 000-12-3456 and 666-12-3456").text());
    }

    @Test
    void emptyAndNullAreFine() {
        assertEquals("", redactor.redact("").text());
        assertEquals("", redactor.redact(null).text());
    }
}
