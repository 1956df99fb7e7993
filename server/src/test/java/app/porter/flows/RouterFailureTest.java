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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.escalation.Escalations;
import app.porter.store.Database;
import app.porter.tickets.NewTicket;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/** The router when its own state is broken, and tickets of properties that share a prefix; real SQLite and keys. */
class RouterFailureTest {

    private static final Actor STAFF = new Actor("staff", Role.AGENT);

    @TempDir
    Path dataDir;
    MutableClock clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
    RouterFixture fixture;
    Database database;
    Escalations escalations;
    Tickets tickets;
    Router router;
    String conversationId;

    @BeforeEach
    void open() throws Exception {
        fixture = new RouterFixture(dataDir, clock);
        database = fixture.database;
        escalations = fixture.escalations;
        tickets = fixture.tickets;
        conversationId = fixture.conversationId;
        router = fixture.router(null, 1f, RouterFixture.NO_KNOWLEDGE);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Decision.Outcome route(String message) {
        return fixture.route(router, message);
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
