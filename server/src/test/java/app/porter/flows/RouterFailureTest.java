package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
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
import app.porter.tickets.NewTicket;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/** The router when its own state is broken, and tickets of properties that share a prefix; real SQLite and keys. */
class RouterFailureTest {

    private static final Actor STAFF = new Actor("staff", Role.AGENT);

    @TempDir
    Path dataDir;
    Database database;
    MasterKey master;
    MutableClock clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
    Escalations escalations;
    Tickets tickets;
    /** The knowledge base finds nothing: these tests are about flows. */
    static final Stage NO_KNOWLEDGE = (turn, next) -> Decision.of(
            new Decision.Knowledge(List.of(), null, null, turn.language()), turn.session());
    Router router;
    String conversationId;

    @BeforeEach
    void open() throws Exception {
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                Conversations.MIGRATIONS, KeyRing.MIGRATIONS, Flows.MIGRATIONS)
                .flatMap(List<Migration>::stream).toList());
        KeyRing keys = KeyRing.open(database, master, clock);
        AuditLog audit = new AuditLog(database, clock);
        new Portfolio(database, audit, clock).addIfAbsent(DemoProperty.PROPERTY);
        Conversations conversations = new Conversations(database, keys, (q, p, s) -> null, clock);
        conversationId = conversations.start("maple-court", null, Language.EN).conversation().id();
        escalations = new Escalations(database, audit, clock);
        tickets = new Tickets(database, keys, audit, clock);
        router = Flows.router(database, keys, null, new FlowsConfig("911", Language.EN,
                        new FlowsConfig.Timeouts(Duration.ofMinutes(30), Duration.ofHours(24)), 1f, Optional.empty()),
                new FlowLibrary(dataDir), escalations, tickets,
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

    @Test
    void anEmergencyIsAnsweredWhenTheFlowStateCannotBeRead() {
        route("I need a repair");
        route("plumbing");
        database.read(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("UPDATE flow_sessions SET slots = x'00'"); // no longer decrypts
            }
        });

        Decision.Reply reply = assertInstanceOf(Decision.Reply.class, route("I smell gas"));
        assertEquals(Decision.Kind.EMERGENCY, reply.kind());
        assertEquals(List.of("gas"), escalations.list(STAFF, "open", 10).stream().map(e -> e.kind()).toList());
        // Anything else still fails loudly (the caller's answerer takes over).
        assertThrows(RuntimeException.class, () -> route("C-204"));
    }

    @Test
    void propertiesWithTheSamePrefixShareOneSequence() {
        Ticket.Details details = new Ticket.Details("C-204", null, "leak", null, null, null, null);
        Ticket first = tickets.create(new NewTicket("maple-court", "MC", null, "plumbing", "routine", null, null,
                "chat", "en", details));
        Ticket second = tickets.create(new NewTicket("main-court", "MC", null, "plumbing", "routine", null, null,
                "chat", "en", details));
        Ticket other = tickets.create(new NewTicket("main-court", "M", null, "plumbing", "routine", null, null,
                "chat", "en", details));
        assertEquals(List.of("MC-1001", "MC-1002", "M-1001"),
                List.of(first.reference(), second.reference(), other.reference()));
        assertEquals("main-court", tickets.find("mc 1002").orElseThrow().propertyId());
    }

    @Test
    void retentionPurgesFinishedTicketsAndResolvedEscalationsOnlyOnceTheyAreOld() {
        Ticket.Details details = new Ticket.Details("C-204", null, "leak", null, "(217) 555-0100", null, null);
        Ticket done = tickets.create(new NewTicket("maple-court", "MC", null, "plumbing", "routine", null, null,
                "chat", "en", details));
        Ticket open = tickets.create(new NewTicket("maple-court", "MC", null, "plumbing", "routine", null, null,
                "chat", "en", details));
        tickets.setStatus(STAFF, done.reference(), "completed");
        var resolved = escalations.raise(conversationId, "maple-court", "tenant-request", null);
        escalations.setStatus(STAFF, resolved.id(), "resolved");
        var pending = escalations.raise(conversationId, "maple-court", "flow", null);

        clock.advance(Duration.ofDays(10));
        Instant cutoff = clock.instant().minus(Duration.ofDays(30));
        assertEquals(0, tickets.retention().countExpired(cutoff), "not old enough yet");
        assertEquals(0, escalations.retention().countExpired(cutoff));

        Instant later = clock.instant().plus(Duration.ofDays(1));
        assertEquals(1, tickets.retention().countExpired(later));
        assertEquals(1, tickets.retention().purgeExpired(later));
        assertTrue(tickets.find(done.reference()).isEmpty(), "the finished ticket is gone");
        assertTrue(tickets.find(open.reference()).isPresent(), "open work is never purged");
        assertEquals(1, escalations.retention().purgeExpired(later));
        assertTrue(escalations.find(resolved.id()).isEmpty());
        assertTrue(escalations.find(pending.id()).isPresent());
    }

    @Test
    void anEscalationIsFoundById() {
        var raised = escalations.raise(conversationId, "maple-court", "tenant-request", null);
        assertEquals(raised, escalations.find(raised.id()).orElseThrow());
        assertEquals(Optional.empty(), escalations.find("nope"));
    }
}
