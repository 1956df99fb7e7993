package app.porter.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.escalation.Escalation;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.tickets.Ticket;
import app.porter.tickets.WebhookSignature;

/**
 * Tells staff what needs them: e-mail through the firm's SMTP relay for new escalations (emergencies at once),
 * new tickets and missed SLAs, and the secret that signs the webhook's deliveries. Who gets what is a routing table
 * (property × priority → address) edited by admins; the on-call address gets every emergency and whatever no route
 * claims. The listeners only queue: sending happens on a background thread, so a slow or failing relay never
 * touches a tenant's reply.
 */
public final class Notifications implements AutoCloseable {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("notify", 1));
    /** Escalation priorities (most urgent first, as the inbox orders them), then new maintenance tickets. */
    public static final List<String> PRIORITIES = List.of("emergency", "tenant-request", "flow", "ticket");
    /** The secrets table holds wrapped secrets the way other tables hold data keys, so KEK rotation covers it. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS =
            new KeyRing.WrappedKeyTable("notify_secrets", "name", "notify:");
    /** The default SLA check: no escalation is ever breached (see {@link SlaWatch}). */
    public static final Function<Instant, List<Escalation>> NO_BREACHES = SlaWatch.NONE;

    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));
    private static final String WEBHOOK_SECRET = "webhook";
    private static final int MAX_ROUTES = 500;

    /**
     * What the console and the admin API show. Never the SMTP password or the webhook secret.
     *
     * @param webhookSecret where the signing secret comes from: {@code file}, {@code console} or {@code none}
     */
    public record Settings(Optional<String> smtpHost, int smtpPort, boolean startTls, boolean login,
                           Optional<String> onCall, String consoleUrl, List<Route> routes, String webhookSecret,
                           MailCounts mail) {
    }

    private final NotifyConfig config;
    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Clock clock;
    private final Notices notices;
    private final Optional<byte[]> fileSecret;
    private final Outbox outbox; // null without a relay
    private final SlaWatch sla;
    private volatile List<Route> routes;
    private volatile Optional<byte[]> storedSecret;

    private Notifications(NotifyConfig config, Database database, KeyRing keys, AuditLog audit, Clock clock,
                          Optional<byte[]> fileSecret, MailRelay relay, List<Duration> retries,
                          Function<Instant, List<Escalation>> breached) {
        this.config = config;
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.notices = new Notices(config.consoleUrl());
        this.fileSecret = fileSecret;
        this.routes = loadRoutes();
        this.storedSecret = loadSecret();
        this.outbox = relay == null ? null : new Outbox(relay, this::recipients, config.queue(), retries);
        this.sla = new SlaWatch(database, breached, e -> queue(notices.breached(e, clock.instant())), clock);
    }

    /**
     * Checks the relay (a host off the firm's network stops the start), reads the secret file, and starts the SLA
     * check when there is a relay to send through.
     *
     * @param breached the open escalations that missed their SLA at a given time; {@link #NO_BREACHES} for none
     */
    public static Notifications start(NotifyConfig config, Database database, KeyRing keys, AuditLog audit,
                                      Clock clock, Function<Instant, List<Escalation>> breached) {
        MailRelay relay = config.smtp().map(SmtpRelay::open).orElse(null);
        return start(config, database, keys, audit, clock, breached, relay, RETRIES);
    }

    /** With any relay and retry delays: tests use short delays. */
    static Notifications start(NotifyConfig config, Database database, KeyRing keys, AuditLog audit, Clock clock,
                               Function<Instant, List<Escalation>> breached, MailRelay relay, List<Duration> retries) {
        Optional<byte[]> fileSecret = config.webhookSecretFile().map(Notifications::readSecretFile);
        Notifications notifications = new Notifications(config, database, keys, audit, clock, fileSecret, relay,
                retries, breached);
        if (relay != null) {
            notifications.sla.start(config.slaCheckEvery());
        }
        return notifications;
    }

    private static byte[] readSecretFile(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            byte[] secret = lines.isEmpty() ? new byte[0] : lines.getFirst().strip().getBytes(StandardCharsets.UTF_8);
            if (secret.length < WebhookSignature.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("PORTER_WEBHOOK_SECRET_FILE must hold a secret of at least "
                        + WebhookSignature.MIN_SECRET_BYTES + " characters on its first line");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException("PORTER_WEBHOOK_SECRET_FILE cannot be read: " + file);
        }
    }

    /** Listener for {@code Escalations.onRaised}: runs after the escalation is committed; only queues. */
    public void escalationRaised(Escalation escalation) {
        queue(notices.raised(escalation));
    }

    /** Listener for {@code Tickets.onCreated}: only queues. */
    public void ticketCreated(Ticket ticket) {
        queue(notices.created(ticket));
    }

    private void queue(Notice notice) {
        if (outbox != null) {
            outbox.offer(notice);
        }
    }

    /** Announces missed SLAs now rather than at the next scheduled check; returns how many it announced. */
    int checkSla() {
        return sla.check();
    }

    /** The matching routes' addresses; the on-call address for emergencies and for what no route claims. */
    List<String> recipients(Notice notice) {
        Set<String> to = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.matches(notice)) {
                to.add(route.email());
            }
        }
        if (to.isEmpty() || "emergency".equals(notice.priority())) {
            config.onCall().ifPresent(to::add);
        }
        return List.copyOf(to);
    }

    /** The webhook's signing secret: the file's when configured, else the one set by an admin, else none. */
    public Optional<byte[]> webhookSecret() {
        return fileSecret.or(() -> storedSecret).map(byte[]::clone);
    }

    /** The settings (needs the admin role). */
    public Settings settings(Actor actor) {
        actor.require("reading notification settings", Role.ADMIN);
        Optional<NotifyConfig.Smtp> smtp = config.smtp();
        return new Settings(smtp.map(NotifyConfig.Smtp::host), smtp.map(NotifyConfig.Smtp::port).orElse(0),
                smtp.map(NotifyConfig.Smtp::startTls).orElse(false),
                smtp.map(s -> s.username().isPresent()).orElse(false), config.onCall(), config.consoleUrl(), routes,
                fileSecret.isPresent() ? "file" : storedSecret.isPresent() ? "console" : "none",
                outbox == null ? new MailCounts(0, 0, 0, 0) : outbox.counts());
    }

    /**
     * Replaces the routing table (when {@code newRoutes} is present) and sets the webhook secret (when
     * {@code webhookSecret} is present): needs the admin role; audited, without the secret.
     *
     * @throws InvalidInput for too many routes or a secret shorter than {@link WebhookSignature#MIN_SECRET_BYTES}
     * @throws Conflict when the secret comes from PORTER_WEBHOOK_SECRET_FILE
     */
    public Settings update(Actor actor, Optional<List<Route>> newRoutes, Optional<String> webhookSecret) {
        actor.require("changing notification settings", Role.ADMIN);
        if (newRoutes.isPresent() && newRoutes.get().size() > MAX_ROUTES) {
            throw new InvalidInput("at most " + MAX_ROUTES + " routes");
        }
        Optional<byte[]> secret = webhookSecret.map(s -> s.strip().getBytes(StandardCharsets.UTF_8));
        if (secret.isPresent()) {
            if (fileSecret.isPresent()) {
                throw new Conflict("the webhook secret comes from PORTER_WEBHOOK_SECRET_FILE: change that file");
            }
            if (secret.get().length < WebhookSignature.MIN_SECRET_BYTES) {
                throw new InvalidInput("the webhook secret must be at least " + WebhookSignature.MIN_SECRET_BYTES
                        + " characters");
            }
        }
        String now = clock.instant().toString();
        database.transaction(connection -> {
            if (newRoutes.isPresent()) {
                try (Statement clear = connection.createStatement()) {
                    clear.executeUpdate("DELETE FROM notify_routes");
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO notify_routes (position, property_id, priority, email) VALUES (?, ?, ?, ?)")) {
                    int position = 0;
                    for (Route route : newRoutes.get()) {
                        insert.setInt(1, position++);
                        insert.setString(2, route.propertyId().orElse(null));
                        insert.setString(3, route.priority().orElse(null));
                        insert.setString(4, route.email());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                audit.append(connection, actor.who(), "notify.routes.updated", "notifications",
                        newRoutes.get().size() + " routes");
            }
            if (secret.isPresent()) {
                KeyRing.Wrapped wrapped = keys.wrap(secret.get(), WRAPPED_KEYS.idPrefix() + WEBHOOK_SECRET);
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO notify_secrets (name, kek_version, wrapped_key, updated_at) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (name) DO UPDATE SET kek_version = excluded.kek_version,"
                                + " wrapped_key = excluded.wrapped_key, updated_at = excluded.updated_at")) {
                    upsert.setString(1, WEBHOOK_SECRET);
                    upsert.setInt(2, wrapped.kekVersion());
                    upsert.setBytes(3, wrapped.key());
                    upsert.setString(4, now);
                    upsert.executeUpdate();
                }
                audit.append(connection, actor.who(), "notify.webhook-secret.set", "notifications", null);
            }
            return null;
        });
        newRoutes.ifPresent(r -> routes = List.copyOf(r));
        secret.ifPresent(s -> storedSecret = Optional.of(s));
        return settings(actor);
    }

    private List<Route> loadRoutes() {
        return database.read(connection -> {
            List<Route> list = new ArrayList<>();
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery(
                         "SELECT property_id, priority, email FROM notify_routes ORDER BY position")) {
                while (rows.next()) {
                    list.add(new Route(Optional.ofNullable(rows.getString(1)), Optional.ofNullable(rows.getString(2)),
                            rows.getString(3)));
                }
            }
            return List.copyOf(list);
        });
    }

    private Optional<byte[]> loadSecret() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kek_version, wrapped_key FROM notify_secrets WHERE name = ?")) {
                query.setString(1, WEBHOOK_SECRET);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(keys.unwrap(row.getInt(1), row.getBytes(2),
                            WRAPPED_KEYS.idPrefix() + WEBHOOK_SECRET));
                }
            }
        });
    }

    @Override
    public void close() {
        sla.close();
        if (outbox != null) {
            outbox.close();
        }
        storedSecret.ifPresent(s -> Arrays.fill(s, (byte) 0));
    }
}
