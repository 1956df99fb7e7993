package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkdownHandbookTest {

    @Test
    void splitsSectionsAndJoinsWrappedLines() {
        MarkdownHandbook.Parsed parsed = MarkdownHandbook.parse("""
                # Resident Handbook
                Intro text that is not a passage.

                ## Renter's insurance
                Every household must carry
                liability cover of $100,000.

                ## Empty section
                ## Pets
                Two pets per home.
                ## Pets
                Dogs under 40 lb.
                """, "fallback");

        assertEquals("Resident Handbook", parsed.title());
        assertEquals(List.of("renters-insurance", "pets", "pets-2"),
                parsed.sections().stream().map(MarkdownHandbook.Section::slug).toList());
        assertEquals("Every household must carry liability cover of $100,000.", parsed.sections().get(0).body());
    }
}
