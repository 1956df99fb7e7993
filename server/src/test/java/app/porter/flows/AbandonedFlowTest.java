package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.audit.AuditLog;
import app.porter.chat.Conversations;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.demo.DemoProperty;
import app.porter.escalation.Escalations;
import app.porter.knowledge.Scope;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;
import app.porter.tickets.Tickets;

/**
 * Abandoned flows, on a real SQLite file and key ring with a clock the test moves: idle ones are offered again,
 * old ones expire cleanly. (Rules only here: no embedding model is needed for these decisions.)
 */
class AbandonedFlowTest {

    @TempDir
    Path dataDir;
    Database database;
    MasterKey master;
    /** Moved forward by the tests; July is outside Maple Court's heating season. */
    MutableClock clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
    /** The knowledge base finds nothing: these tests are about flows. */
    static final Stage NO_KNOWLEDGE = (turn, next) -> Decision.of(
            new Decision.Knowledge(List.of(), null, null, turn.language()), turn.session());
    Router router;
    String conversationId;

    @BeforeEach
    void open() throws Exception {
        // The keystore first, as the appliance does: it refuses to make a new key beside an existing database.
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                Conversations.MIGRATIONS, KeyRing.MIGRATIONS, Flows.MIGRATIONS)
                .flatMap(List<Migration>::stream).toList());
        KeyRing keys = KeyRing.open(database, master, clock);
        AuditLog audit = new AuditLog(database, clock);
        Portfolio portfolio = new Portfolio(database, audit, clock);
        portfolio.addIfAbsent(DemoProperty.PROPERTY);
        Conversations conversations = new Conversations(database, keys, (q, p, s) -> null, clock);
        conversationId = conversations.start("maple-court", null, Language.EN).conversation().id();
        router = Flows.router(database, keys, null, new FlowsConfig("911", Language.EN,
                        new FlowsConfig.Timeouts(Duration.ofMinutes(30), Duration.ofHours(24)), 1f, Optional.empty()),
                new FlowLibrary(dataDir), new Escalations(database, audit, clock), new Tickets(database, keys, audit, clock),
                id -> PropertySettings.load(id, "Maple Court Apartments", dataDir, "911"), texts -> NO_KNOWLEDGE, clock);
    }

    private Decision.Outcome route(String message) {
        return router.route(conversationId, new Scope("maple-court", null), Language.EN, message);
    }

    @AfterEach
    void close() {
        database.close();
        master.close();
    }

    private Decision.Reply reply(String message) {
        return assertInstanceOf(Decision.Reply.class, route(message));
    }

    @Test
    void anIdleFlowIsOfferedAgainAndContinuesWhereItStopped() {
        reply("I need a repair");
        reply("plumbing");
        clock.advance(Duration.ofHours(2));

        Decision.Reply back = reply("hello");
        assertTrue(back.text().contains("unfinished maintenance request"), back.text());
        assertEquals(List.of("continue", "discard"), back.form().options().stream().map(Form.Option::value).toList());

        Decision.Reply resumed = reply("continue");
        assertEquals("unit", resumed.form().input(), "back at the step it stopped at");
    }

    @Test
    void anIdleFlowCanBeDiscarded() {
        reply("I need a repair");
        clock.advance(Duration.ofHours(1));
        reply("thanks");
        Decision.Reply discarded = reply("discard");
        assertTrue(discarded.text().contains("discarded"), discarded.text());
        assertNull(discarded.form());
        assertInstanceOf(Decision.Knowledge.class, route("When is rent due?"));
    }

    @Test
    void anIdleFlowStillTakesAValidAnswer() {
        reply("I need a repair");
        reply("plumbing");
        clock.advance(Duration.ofHours(3));
        assertEquals("choice", reply("C-204").form().input(), "the unit was taken, the location is asked");
    }

    @Test
    void anOldFlowExpiresCleanly() {
        reply("I need a repair");
        reply("plumbing");
        clock.advance(Duration.ofDays(2));
        Decision.Reply expired = reply("hi");
        assertTrue(expired.text().startsWith("Your unfinished maintenance request from earlier has expired"),
                expired.text());
        assertTrue(expired.text().contains("Hello"), "and the message itself is answered: " + expired.text());
        assertInstanceOf(Decision.Knowledge.class, route("C-204"));
    }
}
