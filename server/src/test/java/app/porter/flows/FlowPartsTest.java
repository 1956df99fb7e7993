package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.language.Language;
import app.porter.tickets.Webhook;

/** The small parts: slot reading, property overrides in the data directory, webhook addresses, flow files. */
class FlowPartsTest {

    @TempDir
    Path dataDir;

    @Test
    void apartmentNumbersAreReadInTheirUsualForms() {
        assertEquals(Optional.of("C-204"), Slots.unit("Apt C-204"));
        assertEquals(Optional.of("C-204"), Slots.unit("c204"));
        assertEquals(Optional.of("12B"), Slots.unit("apartment 12b"));
        assertEquals(Optional.of("305"), Slots.unit("公寓305号"));
        assertEquals(Optional.of("A-7"), Slots.unit("شقة A-7"));
        assertEquals(Optional.empty(), Slots.unit("somewhere upstairs"));
        assertEquals(Optional.empty(), Slots.unit("no"));
    }

    @Test
    void aPropertysFileInTheDataDirectoryOverridesItsNumbers() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("flows").resolve("maple-court"));
        Files.writeString(dir.resolve("property.yaml"), "emergency-line: \"(217) 555-7777\"\nemergency-services: \"112\"\n");
        PropertySettings settings = PropertySettings.load("maple-court", "Maple Court", dataDir, "911");
        assertEquals("(217) 555-7777", settings.emergencyLine());
        assertEquals("112", settings.emergencyServices());
        assertEquals("(217) 555-0142", settings.office(), "keys not overridden keep the shipped value");
        assertEquals("MC", settings.ticketPrefix());
        assertTrue(settings.inHeatingSeason(LocalDate.of(2026, 1, 15)));
        assertTrue(!settings.inHeatingSeason(LocalDate.of(2026, 7, 15)));

        PropertySettings unknown = PropertySettings.load("oak-hill-lofts", "Oak Hill Lofts", dataDir, "911");
        assertEquals("OHL", unknown.ticketPrefix());
        assertEquals("911", unknown.emergencyServices());
    }

    @Test
    void aPropertyMayReplaceAFlow() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("flows").resolve("oak-hill"));
        Files.writeString(dir.resolve("maintenance.yaml"), """
                id: maintenance
                title: {en: repair request}
                start: description
                steps:
                  description:
                    type: text
                    prompt: {en: "What is broken?", es: "¿Qué está roto?"}
                    next: confirm
                  confirm:
                    type: confirm
                    prompt: {en: "Send it?"}
                    action: create-ticket
                    message: {en: "Sent as {reference}."}
                """);
        FlowLibrary library = new FlowLibrary(dataDir);
        assertEquals("What is broken?", library.get("oak-hill", "maintenance").step("description").prompt().in(Language.EN));
        assertEquals("¿Qué está roto?", library.get("oak-hill", "maintenance").step("description").prompt().in(Language.ES));
        assertEquals("unit", library.get("maple-court", "maintenance").step("unit").type().id());
    }

    @Test
    void aFlowThatGoesNowhereIsRefusedWithAClearMessage() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("flows").resolve("bad"));
        Files.writeString(dir.resolve("maintenance.yaml"), """
                id: maintenance
                title: {en: x}
                start: a
                steps:
                  a: {type: text, prompt: {en: "?"}, next: nowhere}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FlowLibrary(dataDir).get("bad", "maintenance"));
        assertTrue(e.getMessage().contains("unknown step 'nowhere'"), e.getMessage());
    }

    @Test
    void webhooksGoOnlyToTheFirmsOwnNetwork() {
        Webhook.to("http://127.0.0.1:9/hook").close();
        Webhook.to("http://10.1.2.3/hook").close();
        Webhook.to("https://192.168.1.20/porter").close();
        assertThrows(IllegalArgumentException.class, () -> Webhook.to("http://8.8.8.8/hook"));
        assertThrows(IllegalArgumentException.class, () -> Webhook.to("ftp://127.0.0.1/hook"));
        assertThrows(IllegalArgumentException.class, () -> Webhook.to("http://[2001:4860:4860::8888]/hook"));
    }

    @Test
    void csvCellsCannotRunAsSpreadsheetFormulas() {
        assertEquals("\"'=1+2,3\"", app.porter.tickets.TicketCsvAccess.cell("=1+2,3"));
        assertEquals("\"say \"\"hi\"\"\"", app.porter.tickets.TicketCsvAccess.cell("say \"hi\""));
        assertEquals("plain", app.porter.tickets.TicketCsvAccess.cell("plain"));
    }
}
