package app.porter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import app.porter.crypto.Keystore;
import app.porter.escalation.Sla;
import app.porter.flows.FlowsConfig;
import app.porter.http.LoadLimit;
import app.porter.notify.NotifyConfig;
import app.porter.privacy.PrivacySettings;

/**
 * Everything Porter needs to start, from {@code application.yaml} with environment overrides.
 *
 * @param allowedOrigins web origins allowed to call the tenant API from the widget ({@code *} for any); from
 *                       {@code PORTER_ALLOWED_ORIGINS} (comma-separated) or {@code porter.tenant.allowed-origins}
 * @param dataDir where the SQLite file, the key file and the first admin token live
 * @param modelDir a generative model folder, when one is installed
 * @param bootstrapToken the first admin token, when the operator chose it (else a random one is written)
 * @param defaultPropertyId the property a conversation belongs to when the widget names none
 * @param maxBodyBytes largest tenant request body
 * @param minSimilarity similarity a passage needs to be quoted in extractive mode
 * @param runnerUpMargin how close a second passage must score to be quoted as well
 * @param generation generative mode's settings
 * @param privacy key source, retention schedule, redaction region
 * @param maxDocumentBytes largest knowledge-base document an admin may upload
 * @param flows guided flows, emergencies, tickets
 * @param notifications e-mail to staff through the firm's SMTP relay, the webhook's signing secret
 * @param escalationSla how soon staff should first answer each priority of escalation
 * @param tenantLimit the tenant API's bound on work in flight (beyond it 429, never for an emergency)
 * @param suitesAutoRun run the acceptance suites after each knowledge-base or policy change
 *                      ({@code porter.suites.auto-run}, {@code PORTER_SUITES_AUTO_RUN})
 */
public record PorterConfig(Path dataDir,
                           String tenantHost, int tenantPort, List<String> allowedOrigins,
                           String adminHost, int adminPort,
                           String consoleHost, int consolePort,
                           Optional<Path> modelDir,
                           Optional<String> bootstrapToken,
                           String defaultPropertyId,
                           int maxBodyBytes,
                           float minSimilarity,
                           float runnerUpMargin,
                           GenerationConfig generation,
                           PrivacySettings privacy,
                           long maxDocumentBytes,
                           FlowsConfig flows,
                           NotifyConfig notifications,
                           Sla escalationSla,
                           LoadLimit.Settings tenantLimit,
                           boolean suitesAutoRun) {

    public PorterConfig {
        checkPort("tenant", tenantPort);
        checkPort("admin", adminPort);
        checkPort("console", consolePort);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("porter.tenant.max-body-bytes must be at least 1024");
        }
        if (maxDocumentBytes < 1024 || maxDocumentBytes > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("porter.knowledge.max-document-bytes must be 1 KiB to 2 GiB");
        }
    }

    /**
     * {@code application.yaml} from the class path, overlaid by the file {@code PORTER_CONFIG} names (the
     * package's {@code /etc/porter/porter.yaml}, same keys), then the {@code PORTER_*} variables in {@code env}.
     */
    public static PorterConfig load(Map<String, String> env) {
        Config yaml = yaml(env);
        return new PorterConfig(
                Path.of(override(env, "PORTER_DATA_DIR", yaml.get("data-dir").asString().get())),
                yaml.get("tenant.host").asString().get(),
                port(override(env, "PORTER_HTTP_PORT", yaml.get("tenant.port").asString().get()), "PORTER_HTTP_PORT"),
                allowedOrigins(env, yaml.get("tenant.allowed-origins").asList(String.class).get()),
                yaml.get("admin.host").asString().get(),
                port(override(env, "PORTER_ADMIN_PORT", yaml.get("admin.port").asString().get()), "PORTER_ADMIN_PORT"),
                yaml.get("console.host").asString().get(),
                port(override(env, "PORTER_CONSOLE_PORT", yaml.get("console.port").asString().get()),
                        "PORTER_CONSOLE_PORT"),
                nonBlank(override(env, "PORTER_MODEL_DIR", yaml.get("model-dir").asString().orElse("")))
                        .map(Path::of),
                nonBlank(env.get("PORTER_BOOTSTRAP_TOKEN")),
                yaml.get("demo-property").asString().get(),
                yaml.get("tenant.max-body-bytes").asInt().get(),
                yaml.get("answers.min-similarity").asDouble().get().floatValue(),
                yaml.get("answers.runner-up-margin").asDouble().get().floatValue(),
                GenerationConfig.load(yaml.get("generation"), env),
                privacy(yaml.get("privacy"), env),
                yaml.get("knowledge.max-document-bytes").asLong().get(),
                FlowsConfig.load(yaml.get("flows"), env),
                NotifyConfig.load(yaml.get("notify"), env),
                Sla.load(yaml.get("escalations.sla")),
                tenantLimit(yaml.get("tenant.limit"), env),
                Boolean.parseBoolean(override(env, "PORTER_SUITES_AUTO_RUN",
                        yaml.get("suites.auto-run").asString().orElse("true"))));
    }

    /** The tenant socket's bound on work in flight; {@code PORTER_TENANT_MAX_IN_FLIGHT} -1 turns it off. */
    private static LoadLimit.Settings tenantLimit(Config yaml, Map<String, String> env) {
        String inFlight = override(env, "PORTER_TENANT_MAX_IN_FLIGHT", yaml.get("max-in-flight").asString()
                .orElse("0"));
        try {
            return new LoadLimit.Settings(Integer.parseInt(inFlight), yaml.get("max-queued").asInt().orElse(8),
                    yaml.get("max-wait").as(Duration.class).orElse(Duration.ofMillis(500)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORTER_TENANT_MAX_IN_FLIGHT must be a number, was \"" + inFlight
                    + "\"");
        }
    }

    /** The {@code porter} node of {@code application.yaml} overlaid by {@code PORTER_CONFIG}'s file, if set. */
    public static Config yaml(Map<String, String> env) {
        Config.Builder builder = Config.builder();
        Optional<String> file = nonBlank(env.get("PORTER_CONFIG"));
        if (file.isPresent()) {
            if (!Files.isReadable(Path.of(file.get()))) {
                throw new IllegalArgumentException("PORTER_CONFIG names " + file.get() + ", which cannot be read");
            }
            builder.addSource(ConfigSources.file(file.get())); // first source wins
        }
        return builder.addSource(ConfigSources.classpath("application.yaml"))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build()
                .get("porter");
    }

    private static PrivacySettings privacy(Config yaml, Map<String, String> env) {
        String purgeAt = override(env, "PORTER_PURGE_AT", yaml.get("purge-at").asString().orElse("03:00"));
        LocalTime at;
        try {
            at = LocalTime.parse(purgeAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("PORTER_PURGE_AT must be a time of day such as 03:00, was \""
                    + purgeAt + "\"");
        }
        return new PrivacySettings(
                nonBlank(env.get("PORTER_PASSPHRASE_FILE")).map(Path::of),
                new Keystore.Argon2Params(yaml.get("argon2.memory-kib").asInt().orElse(65536),
                        yaml.get("argon2.iterations").asInt().orElse(3),
                        yaml.get("argon2.parallelism").asInt().orElse(1)),
                at,
                yaml.get("phone-region").asString().orElse("US"),
                Boolean.parseBoolean(override(env, "PORTER_REDACT_MODEL_INPUT",
                        yaml.get("redact-model-input").asString().orElse("false"))));
    }

    /** {@code PORTER_ALLOWED_ORIGINS}, comma-separated, else the YAML list; each an origin or {@code *}. */
    private static List<String> allowedOrigins(Map<String, String> env, List<String> fromYaml) {
        String value = env.get("PORTER_ALLOWED_ORIGINS");
        List<String> origins = value == null || value.isBlank() ? fromYaml
                : java.util.Arrays.stream(value.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("PORTER_ALLOWED_ORIGINS: \"" + origin + "\" is not an origin"
                        + " (scheme://host[:port], no path) or *");
            }
        }
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("PORTER_ALLOWED_ORIGINS names no origin");
        }
        return origins;
    }

    private static String override(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static int port(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was \"" + value + "\"");
        }
    }

    private static void checkPort(String which, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(which + " port must be 0-65535 (0 picks a free port), was " + port);
        }
    }
}
