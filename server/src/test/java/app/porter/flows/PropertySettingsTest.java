package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertySettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void anOverrideReplacesTheShippedSettings() throws Exception {
        write("emergency-line: \"(555) 000-1111\"\nticket-prefix: MAPLE\n");
        PropertySettings settings = PropertySettings.load("maple-court", "Maple Court", dataDir, "911");
        assertEquals("(555) 000-1111", settings.emergencyLine());
        assertEquals("MAPLE", settings.ticketPrefix());
    }

    @Test
    void aBrokenOverrideFallsBackToTheShippedSettingsSoEmergenciesStillGetTheirNumbers() throws Exception {
        PropertySettings shipped = PropertySettings.load("maple-court", "Maple Court", dataDir, "911");
        write("ticket-prefix: not-capitals\nheating-season: {from: 13-45}\n");
        assertEquals(shipped, PropertySettings.load("maple-court", "Maple Court", dataDir, "911"));
        write("emergency-line: [unclosed\n");
        assertEquals(shipped, PropertySettings.load("maple-court", "Maple Court", dataDir, "911"));
    }

    private void write(String yaml) throws Exception {
        Path file = dataDir.resolve("flows/maple-court/property.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }
}
