package app.porter.flows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.json.Json;

import app.porter.audit.AuditLog;
import app.porter.escalation.EscalationJson;
import app.porter.escalation.EscalationService;
import app.porter.inference.Embedder;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.tickets.TicketJson;
import app.porter.tickets.TicketService;
import app.porter.tickets.Webhook;

/**
 * Issue 6's features wired together, so the appliance's wiring needs only a few lines: the message router with
 * its emergency layer, intents, languages and flows; escalations; tickets; the webhook.
 */
public final class Flows implements AutoCloseable {

    /** Where flows and tickets keep wrapped data keys (what tenants typed), for KEK rotation. */
    public static final List<KeyRing.WrappedKeyTable> WRAPPED_KEYS = List.of(FlowSessionStore.WRAPPED_KEYS,
            TicketService.WRAPPED_KEYS);
    /**
     * Shreds what flows and tickets keep from the given conversations (their unfinished flows, their tickets'
     * details), for the chat feature's erase and purge: see {@code ConversationRecords.Shredder}.
     */
    public static void shredConversations(Connection connection, List<String> conversationIds) throws SQLException {
        FlowSessionStore.shred(connection, conversationIds);
        TicketService.shredDetails(connection, conversationIds);
    }

    /** The tables of flows, escalations and tickets (they reference the chat feature's conversations). */
    public static final List<Migration> MIGRATIONS = Stream.of(MessageRouter.MIGRATIONS, EscalationService.MIGRATIONS,
            TicketService.MIGRATIONS).flatMap(List::stream).toList();

    private final MessageRouter router;
    private final EscalationService escalations;
    private final TicketService tickets;
    private final Webhook webhook;

    private Flows(MessageRouter router, EscalationService escalations, TicketService tickets, Webhook webhook) {
        this.router = router;
        this.escalations = escalations;
        this.tickets = tickets;
        this.webhook = webhook;
    }

    public static Flows start(FlowsConfig config, Path dataDir, Database database, KeyRing keys, AuditLog audit,
                              Embedder embedder, Portfolio portfolio, Clock clock) {
        EscalationService escalations = new EscalationService(database, audit, clock);
        TicketService tickets = new TicketService(database, keys, audit, clock);
        Webhook webhook = config.webhookUrl().map(Webhook::to).orElse(null);
        if (webhook != null) {
            tickets.onCreated(t -> webhook.post(Json.createObjectBuilder()
                    .add("event", "ticket.created")
                    .add("ticket", TicketJson.json(t))
                    .build()));
            escalations.onRaised(e -> webhook.post(Json.createObjectBuilder()
                    .add("event", "escalation.raised")
                    .add("escalation", EscalationJson.json(e))
                    .build()));
        }
        Map<String, PropertySettings> settings = new ConcurrentHashMap<>();
        MessageRouter router = new MessageRouter(database, keys,
                new EmergencyLayer(embedder, config.exampleSimilarity()),
                new IntentClassifier(embedder, config.exampleSimilarity()),
                new LanguageDetector(),
                new FlowLibrary(dataDir),
                new Texts(),
                escalations, tickets,
                propertyId -> settings.computeIfAbsent(propertyId, id -> PropertySettings.load(id,
                        portfolio.find(id).map(Property::name).orElse(id), dataDir, config.emergencyServices())),
                config.timeouts(), config.firmLanguage(), clock);
        return new Flows(router, escalations, tickets, webhook);
    }

    public MessageRouter router() {
        return router;
    }

    public EscalationService escalations() {
        return escalations;
    }

    public TicketService tickets() {
        return tickets;
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
    }
}
