package app.porter.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Notification settings, from {@code porter.notify} in {@code application.yaml} with {@code PORTER_*} overrides.
 * Only where and how to send lives here; who gets what (addresses per property and priority) is edited at run
 * time in the console and stored in the database.
 *
 * @param smtp the firm's relay; empty: no e-mail at all
 * @param onCall the on-call address ({@code PORTER_NOTIFY_EMAIL}): every emergency, and whatever no route claims
 * @param consoleUrl where the console is for the reader of an e-mail (links in mail bodies)
 * @param webhookSecretFile a file holding the webhook signing secret; when set, the console cannot change it
 * @param queue mails that may wait for the relay; beyond that new ones are dropped (and logged)
 * @param slaCheckEvery how often open escalations are checked for a missed SLA
 */
public record NotifyConfig(Optional<Smtp> smtp, Optional<String> onCall, String consoleUrl,
                           Optional<Path> webhookSecretFile, int queue, Duration slaCheckEvery) {

    /**
     * The firm's SMTP relay. It must be on the firm's own network (checked at start with the webhook's rule).
     *
     * @param startTls upgrade with STARTTLS before anything else is sent, and refuse a relay that cannot
     * @param username login name, when the relay wants one
     * @param passwordFile the password's file (first line), never the password itself in the environment or logs
     * @param from the sender address
     */
    public record Smtp(String host, int port, boolean startTls, Optional<String> username,
                       Optional<Path> passwordFile, String from) {
        public Smtp {
            if (host.isBlank()) {
                throw new IllegalArgumentException("PORTER_SMTP_HOST must name the firm's relay");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PORTER_SMTP_PORT must be 1-65535, was " + port);
            }
            if (username.isPresent() != passwordFile.isPresent()) {
                throw new IllegalArgumentException("PORTER_SMTP_USER and PORTER_SMTP_PASSWORD_FILE go together");
            }
            Addresses.require(from, "PORTER_SMTP_FROM");
        }
    }

    public NotifyConfig {
        onCall.ifPresent(address -> Addresses.require(address, "PORTER_NOTIFY_EMAIL"));
        if (onCall.isPresent() && smtp.isEmpty()) {
            throw new IllegalArgumentException("PORTER_NOTIFY_EMAIL needs PORTER_SMTP_HOST (the relay to send through)");
        }
        if (queue < 1) {
            throw new IllegalArgumentException("porter.notify.queue must be at least 1");
        }
        if (slaCheckEvery.isNegative() || slaCheckEvery.isZero()) {
            throw new IllegalArgumentException("porter.notify.sla-check-every must be a positive duration");
        }
    }

    /** From {@code porter.notify}; the environment overrides each setting it names. */
    public static NotifyConfig load(Config notify, Map<String, String> env) {
        Optional<String> host = value(env, "PORTER_SMTP_HOST", notify.get("smtp.host"));
        Optional<Smtp> smtp = host.map(h -> new Smtp(h,
                integer(value(env, "PORTER_SMTP_PORT", notify.get("smtp.port")).orElse("25"), "PORTER_SMTP_PORT"),
                Boolean.parseBoolean(value(env, "PORTER_SMTP_STARTTLS", notify.get("smtp.starttls")).orElse("false")),
                value(env, "PORTER_SMTP_USER", notify.get("smtp.user")),
                value(env, "PORTER_SMTP_PASSWORD_FILE", notify.get("smtp.password-file")).map(Path::of),
                value(env, "PORTER_SMTP_FROM", notify.get("smtp.from")).orElse("porter@localhost")));
        return new NotifyConfig(smtp,
                value(env, "PORTER_NOTIFY_EMAIL", notify.get("on-call")),
                value(env, "PORTER_CONSOLE_URL", notify.get("console-url")).orElse("http://127.0.0.1:8081/"),
                value(env, "PORTER_WEBHOOK_SECRET_FILE", notify.get("webhook-secret-file")).map(Path::of),
                notify.get("queue").asInt().orElse(200),
                Duration.parse(notify.get("sla-check-every").asString().orElse("PT1M")));
    }

    private static Optional<String> value(Map<String, String> env, String name, Config yaml) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = yaml.asString().orElse("");
        }
        return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was \"" + value + "\"");
        }
    }
}
