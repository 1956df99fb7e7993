package app.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd drop-in that {@code porter-apply-settings} installs, from a porter.yaml like the package's. */
class UnitSettingsCommandTest {

    @TempDir
    Path dir;

    @Test
    void theFirmsRangesRelayAndWebhookAreLetThroughAndMemoryFollowsTheModel() throws Exception {
        Path config = Files.writeString(dir.resolve("porter.yaml"), """
                porter:
                  tenant:
                    port: 9090
                  notify:
                    smtp:
                      host: 127.0.0.1
                      port: 2525
                  flows:
                    webhook-url: http://10.0.0.20/hook
                  network:
                    allow: ["192.168.10.0/24", "fd00::/8"]
                """);
        Map<String, String> env = Map.of("PORTER_CONFIG", config.toString(), "PORTER_DATA_DIR",
                dir.resolve("data").toString());
        assertEquals(9090, PorterConfig.load(env).tenantPort(), "porter.yaml overrides application.yaml");
        String dropIn = UnitSettingsCommand.dropIn(env);
        assertTrue(dropIn.contains("\n[Service]\n"), dropIn);
        assertTrue(dropIn.contains("IPAddressAllow=192.168.10.0/24 fd00::/8 127.0.0.1/32 10.0.0.20/32\n"), dropIn);
        assertTrue(dropIn.contains("MemoryMax=1536M\n"), dropIn);

        // An active model of 1 GiB: 1536 + 512 + 1.5 x 1024 MiB = 3584M.
        Path model = Files.createDirectories(dir.resolve("data/models/big"));
        try (RandomAccessFile weights = new RandomAccessFile(model.resolve("model.onnx").toFile(), "rw")) {
            weights.setLength(1L << 30); // sparse: no gigabyte written
        }
        Files.writeString(dir.resolve("data/models/active"), "big\n");
        assertTrue(UnitSettingsCommand.dropIn(env).contains("MemoryMax=3584M\n"), UnitSettingsCommand.dropIn(env));
    }

    @Test
    void aRangeThatIsNotOneIsRefused() throws Exception {
        Path config = Files.writeString(dir.resolve("porter.yaml"), "porter:\n  network:\n    allow: [\"example.com\"]\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> UnitSettingsCommand
                .dropIn(Map.of("PORTER_CONFIG", config.toString(), "PORTER_DATA_DIR", dir.toString())));
        assertTrue(refused.getMessage().contains("example.com"), refused.getMessage());
    }

    @Test
    void aConfigFileThatCannotBeReadStopsTheStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PorterConfig.load(Map.of("PORTER_CONFIG", dir.resolve("missing.yaml").toString())));
        assertTrue(refused.getMessage().contains("missing.yaml"), refused.getMessage());
    }
}
