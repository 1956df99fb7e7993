package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.language.Language;

/** Office hours as a property's settings have them: open or not, the next opening, a data-dir override. */
class OfficeHoursTest {

    /** Maple Court as shipped: weekdays 9-17 (Thursday to 19), Saturday 10-13, Sunday closed, Chicago time. */
    private static OfficeHours maple(Path dataDir) {
        return PropertySettings.load("maple-court", "Maple Court Apartments", dataDir, "911").officeHours();
    }

    @Test
    void openAndClosedFollowTheOfficesOwnClock(@TempDir Path dataDir) {
        OfficeHours hours = maple(dataDir);
        assertEquals(Duration.ofHours(2), hours.replyWithin());
        // Tuesday 8 December 2026: Chicago is UTC-6 in winter.
        assertFalse(hours.isOpen(Instant.parse("2026-12-08T14:59:00Z")), "08:59 in Chicago");
        assertTrue(hours.isOpen(Instant.parse("2026-12-08T15:00:00Z")), "09:00 in Chicago");
        assertTrue(hours.isOpen(Instant.parse("2026-12-08T22:59:00Z")), "16:59 in Chicago");
        assertFalse(hours.isOpen(Instant.parse("2026-12-08T23:00:00Z")), "17:00 closes");
        assertTrue(hours.isOpen(Instant.parse("2026-12-11T00:30:00Z")), "Thursday 18:30: open late");
        assertFalse(hours.isOpen(Instant.parse("2026-12-13T17:00:00Z")), "Sunday");
        // Summer time: 09:00 in Chicago is 14:00 UTC.
        assertTrue(hours.isOpen(Instant.parse("2026-07-07T14:00:00Z")));
    }

    @Test
    void theNextOpeningSkipsTheWeekend(@TempDir Path dataDir) {
        OfficeHours hours = maple(dataDir);
        // Saturday 12 December 2026, 13:30 in Chicago: Saturday's hours are over and Sunday is closed.
        ZonedDateTime next = hours.nextOpening(Instant.parse("2026-12-12T19:30:00Z")).orElseThrow();
        assertEquals(ZonedDateTime.parse("2026-12-14T09:00-06:00[America/Chicago]"), next);
        // Friday evening: Saturday morning.
        assertEquals(ZonedDateTime.parse("2026-12-12T10:00-06:00[America/Chicago]"),
                hours.nextOpening(Instant.parse("2026-12-11T23:30:00Z")).orElseThrow());
        // Early on a Tuesday: the same morning.
        assertEquals(ZonedDateTime.parse("2026-12-08T09:00-06:00[America/Chicago]"),
                hours.nextOpening(Instant.parse("2026-12-08T12:00:00Z")).orElseThrow());
        // CLDR's separators differ between JDK releases ("at", narrow spaces): the words and the time are what count.
        String en = OfficeHours.format(next, Language.EN);
        assertTrue(en.startsWith("Monday, December 14, 2026") && en.contains("9:00")
                && en.endsWith("(America/Chicago)"), en);
        assertTrue(OfficeHours.format(next, Language.ES).startsWith("lunes, 14 de diciembre de 2026"),
                OfficeHours.format(next, Language.ES));
    }

    @Test
    void aPropertyOverrideReplacesTheHoursAndABrokenOneKeepsTheShipped(@TempDir Path dataDir) throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("flows/maple-court"));
        Files.writeString(dir.resolve("property.yaml"), """
                office-hours:
                  time-zone: Europe/Paris
                  reply-within: 30m
                  monday: "8:30-12:00, 14:00-18:00"
                """);
        OfficeHours paris = maple(dataDir);
        assertEquals(Duration.ofMinutes(30), paris.replyWithin());
        assertTrue(paris.isOpen(Instant.parse("2026-12-07T07:30:00Z")), "Monday 08:30 in Paris");
        assertFalse(paris.isOpen(Instant.parse("2026-12-07T11:30:00Z")), "the lunch break");
        assertEquals(ZonedDateTime.parse("2026-12-14T08:30+01:00[Europe/Paris]"),
                paris.nextOpening(Instant.parse("2026-12-07T17:00:00Z")).orElseThrow(), "a week later");

        Files.writeString(dir.resolve("property.yaml"), """
                office-hours:
                  time-zone: America/Chicago
                  monday: "17:00-09:00"
                """);
        assertEquals(Duration.ofHours(2), maple(dataDir).replyWithin(), "the shipped hours stay");
        assertThrows(IllegalArgumentException.class, () -> OfficeHours.parse(Map.of("monday", "09:00-17:00")),
                "hours without a time zone mean nothing");
    }
}
