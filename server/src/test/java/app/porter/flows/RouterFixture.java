package app.porter.flows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import app.porter.audit.AuditLog;
import app.porter.chat.Conversations;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.demo.DemoProperty;
import app.porter.escalation.Escalations;
import app.porter.inference.Embedder;
import app.porter.knowledge.Scope;
import app.porter.language.Language;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;
import app.porter.tickets.Tickets;

/**
 * What the router tests stand on: a real SQLite file with the appliance's tables and keys, Maple Court, one
 * conversation there, escalations and tickets, and the appliance's pipeline over them.
 */
final class RouterFixture implements AutoCloseable {

    /** The knowledge base finds nothing: for tests about everything before it. */
    static final Function<Texts, Stage> NO_KNOWLEDGE = texts -> (turn, next) -> Decision.of(
            new Decision.Knowledge(List.of(), null, null, turn.language()), turn.session());

    final MasterKey master;
    final Database database;
    final KeyRing keys;
    final AuditLog audit;
    final Escalations escalations;
    final Tickets tickets;
    final Policies policies;
    final String conversationId;
    private final Path dataDir;
    private final Clock clock;

    RouterFixture(Path dataDir, Clock clock) throws Exception {
        this.dataDir = dataDir;
        this.clock = clock;
        // The keystore first, as the appliance does: it refuses to make a new key beside an existing database.
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                        Conversations.MIGRATIONS, KeyRing.MIGRATIONS, Flows.MIGRATIONS, Policies.MIGRATIONS)
                .flatMap(List<Migration>::stream).toList());
        keys = KeyRing.open(database, master, clock);
        audit = new AuditLog(database, clock);
        new Portfolio(database, audit, clock).addIfAbsent(DemoProperty.PROPERTY);
        conversationId = new Conversations(database, keys, (q, p, s) -> null, clock)
                .start("maple-court", null, Language.EN).conversation().id();
        escalations = new Escalations(database, audit, clock);
        tickets = new Tickets(database, keys, audit, clock);
        policies = new Policies(database, audit, clock, "You are Porter.");
    }

    /**
     * The appliance's pipeline, flows idle after 30 minutes and expired after 24 hours.
     *
     * @param embedder null to go by rules alone
     * @param exampleSimilarity what counts as close to an example phrase (1 for rules alone)
     */
    Router router(Embedder embedder, float exampleSimilarity, Function<Texts, Stage> knowledge) {
        return Flows.router(database, keys, embedder, new FlowsConfig("911", Language.EN,
                        new FlowsConfig.Timeouts(Duration.ofMinutes(30), Duration.ofHours(24)), exampleSimilarity,
                        Optional.empty()),
                new FlowLibrary(dataDir), escalations, tickets,
                id -> PropertySettings.load(id, "Maple Court Apartments", dataDir, "911"), knowledge, policies, audit,
                clock);
    }

    /** Routes a message of the conversation, as the chat feature does, and applies the decision. */
    Decision.Outcome route(Router router, String message) {
        try (Router.Pending pending = router.decide(conversationId, new Scope("maple-court", null), Language.EN,
                message)) {
            return pending.apply(connection -> null);
        }
    }

    @Override
    public void close() {
        database.close();
        master.close();
    }
}
