package app.porter.flows;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows a property uses: the shipped definition ({@code /flows/<flow>.yaml}) unless the data directory holds
 * {@code flows/<property>/<flow>.yaml}, which replaces it for that property. Files are read once per property and
 * flow; a restart picks up edits.
 */
public final class FlowLibrary {

    public static final String MAINTENANCE = "maintenance";

    private final Path dataDir;
    private final Map<String, FlowDefinition> loaded = new ConcurrentHashMap<>();

    public FlowLibrary(Path dataDir) {
        this.dataDir = dataDir;
        get(null, MAINTENANCE); // a broken shipped flow fails at start, not at a tenant's first problem
    }

    public FlowDefinition get(String propertyId, String flowId) {
        if (!flowId.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("bad flow id");
        }
        return loaded.computeIfAbsent(propertyId + "/" + flowId, key -> {
            if (propertyId != null) {
                Path override = dataDir.resolve("flows").resolve(propertyId).resolve(flowId + ".yaml");
                var yaml = Yaml.file(override);
                if (yaml.isPresent()) {
                    return FlowDefinition.parse(yaml.get(), override.toString());
                }
            }
            return FlowDefinition.parse(Yaml.classpath("/flows/" + flowId + ".yaml"), flowId + ".yaml");
        });
    }
}
