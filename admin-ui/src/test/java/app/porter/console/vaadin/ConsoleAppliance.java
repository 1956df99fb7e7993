package app.porter.console.vaadin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import app.porter.Porter;
import app.porter.PorterConfig;

/** The appliance the console browser tests drive: every socket on a free port, the bootstrap token given. */
final class ConsoleAppliance {

    private ConsoleAppliance() {
    }

    static Porter start(Path dataDir, String bootstrapToken) throws Exception {
        return start(dataDir, bootstrapToken, Clock.systemUTC());
    }

    static Porter start(Path dataDir, String bootstrapToken, Clock clock) throws Exception {
        return Porter.start(PorterConfig.load(Map.of("PORTER_DATA_DIR", dataDir.toString(), "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0", "PORTER_CONSOLE_PORT", "0", "PORTER_BOOTSTRAP_TOKEN", bootstrapToken)),
                clock);
    }
}
