package app.porter.flows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.json.Json;

import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.escalation.Escalation;
import app.porter.escalation.EscalationJson;
import app.porter.escalation.Escalations;
import app.porter.escalation.ReplyContacts;
import app.porter.inference.Embedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.language.LanguageDetector;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.tickets.TicketJson;
import app.porter.tickets.Tickets;
import app.porter.tickets.Webhook;

/**
 * The conversation core wired together, so the appliance's wiring needs only a few lines: the router and its
 * pipeline of stages (emergency layer, staff holding the conversation, policy topics, offers, guided flows, status
 * look-ups, intents, knowledge), escalations, tickets, the webhook, each property's settings.
 */
public final class Flows implements AutoCloseable {

    /** Where flows and tickets keep wrapped data keys (what tenants typed), for KEK rotation. */
    public static final List<KeyRing.WrappedKeyTable> WRAPPED_KEYS = List.of(FlowSessionStore.WRAPPED_KEYS,
            Tickets.WRAPPED_KEYS, ReplyContacts.WRAPPED_KEYS);
    /**
     * Shreds what flows and tickets keep from the given conversations (their unfinished flows, their tickets'
     * details), for the chat feature's erase and purge: see {@code ConversationRecords.Shredder}.
     */
    public static void shredConversations(Connection connection, List<String> conversationIds) throws SQLException {
        FlowSessionStore.shred(connection, conversationIds);
        Tickets.shredDetails(connection, conversationIds);
    }

    /**
     * The tables of flows, escalations, tickets (they reference the chat feature's conversations) and property
     * settings (they reference the portfolio's properties).
     */
    public static final List<Migration> MIGRATIONS = Stream.of(Router.MIGRATIONS, Escalations.MIGRATIONS,
            Tickets.MIGRATIONS, PropertySettingsStore.MIGRATIONS).flatMap(List::stream).toList();

    private final Router router;
    private final Escalations escalations;
    private final Tickets tickets;
    private final Webhook webhook;
    private final PropertySettingsStore properties;

    private Flows(Router router, Escalations escalations, Tickets tickets, Webhook webhook,
                  PropertySettingsStore properties) {
        this.router = router;
        this.properties = properties;
        this.escalations = escalations;
        this.tickets = tickets;
        this.webhook = webhook;
    }

    /**
     * How the knowledge stage answers.
     *
     * @param knowledge the knowledge base
     * @param candidates fused results looked at per question
     * @param minSimilarity cosine similarity a passage needs to be used at all
     */
    public record Answering(KnowledgeBase knowledge, int candidates, float minSimilarity) {
    }

    public static Flows start(FlowsConfig config, Path dataDir, Database database, KeyRing keys, AuditLog audit,
                              Embedder embedder, Portfolio portfolio, Policies policies, Answering answering,
                              Clock clock) {
        Escalations escalations = new Escalations(database, audit, clock);
        Tickets tickets = new Tickets(database, keys, audit, clock);
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
        PropertySettingsStore properties = new PropertySettingsStore(database, audit,
                id -> portfolio.find(id).map(Property::name), dataDir, config.emergencyServices(), clock);
        Router router = router(database, keys, embedder, config, new FlowLibrary(dataDir), escalations, tickets,
                properties::settings,
                texts -> new KnowledgeStage(answering.knowledge(), texts, answering.candidates(),
                        answering.minSimilarity(), answering.knowledge().embedder() == embedder),
                DocumentedEmergencyLine.in(answering.knowledge()), policies, audit, clock);
        return new Flows(router, escalations, tickets, webhook, properties);
    }

    /**
     * The appliance's pipeline: emergency, held by staff, policy topics, pending offer, active flow, status
     * look-up, intents, and last the knowledge stage {@code knowledge} makes (given the flows' texts, for its
     * "would you like a person?").
     *
     * @param embedder null to go by rules alone
     * @param policies the firm's policies: topics that always go to a person, the greeting
     * @param audit where policy decisions are recorded
     */
    static Router router(Database database, KeyRing keys, Embedder embedder, FlowsConfig config, FlowLibrary library,
                         Escalations escalations, Tickets tickets,
                         Function<String, PropertySettings> properties, Function<Texts, Stage> knowledge,
                         Policies policies, AuditLog audit, Clock clock) {
        return router(database, keys, embedder, config, library, escalations, tickets, properties, knowledge,
                DocumentedEmergencyLine.Lookup.NONE, policies, audit, clock);
    }

    /** As above, with where an emergency answer finds a property's number its settings lack. */
    static Router router(Database database, KeyRing keys, Embedder embedder, FlowsConfig config, FlowLibrary library,
                         Escalations escalations, Tickets tickets,
                         Function<String, PropertySettings> properties, Function<Texts, Stage> knowledge,
                         DocumentedEmergencyLine.Lookup documentedLines, Policies policies, AuditLog audit,
                         Clock clock) {
        Texts texts = new Texts();
        EmergencyLayer emergencies = new EmergencyLayer(embedder, config.exampleSimilarity());
        FlowSteps steps = new FlowSteps(library, texts, new Slots(texts), config.firmLanguage());
        StatusLookup status = new StatusLookup(tickets, steps);
        return new Router(
                new MessageAnalyzer(embedder, new LanguageDetector(), emergencies,
                        new IntentClassifier(embedder, config.exampleSimilarity())),
                new FlowSessionStore(database, keys, clock),
                properties,
                List.of(new EmergencyStage(emergencies, steps, documentedLines),
                        new HeldStage(id -> escalations.holder(id).map(Escalation.Claim::displayName), texts),
                        new PolicyStage(policies, texts),
                        new OfferStage(texts, status),
                        new FlowStage(steps, config.timeouts()),
                        new StatusStage(status),
                        new IntentStage(steps, lang -> policies.active().policy().greeting(lang)),
                        knowledge.apply(texts)),
                escalations, tickets, new ReplyContacts(database, keys, clock), database, texts, audit, clock);
    }

    public Router router() {
        return router;
    }

    /** Each property's settings: numbers, ticket prefix, office hours ... (the console and admin API change them). */
    public PropertySettingsStore properties() {
        return properties;
    }

    public Escalations escalations() {
        return escalations;
    }

    public Tickets tickets() {
        return tickets;
    }

    /** The webhook, when PORTER_WEBHOOK_URL is set (the appliance signs its deliveries). */
    public Optional<Webhook> webhook() {
        return Optional.ofNullable(webhook);
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
    }
}
