package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.escalation.ReplyContacts;

/**
 * Office hours through the router: the "yes" to a person that the knowledge stage offered hands over with the
 * office's hours, and the contact left next lands sealed with the escalation in the same transaction as the message.
 */
class OfficeHoursRouterTest {

    /** The knowledge base finds nothing and offers a person, as the real knowledge stage does. */
    static final Function<Texts, Stage> OFFERS_A_PERSON = texts -> (turn, next) -> Decision.of(
            new Decision.Knowledge(List.of(), null, null, turn.language()), turn.session().withOffer(Offer.PERSON));

    @TempDir
    Path dataDir;
    /** Sunday 13 December 2026, 11:00 in Chicago: closed all day. */
    MutableClock clock = new MutableClock(Instant.parse("2026-12-13T17:00:00Z"));
    RouterFixture fixture;
    Router router;

    @BeforeEach
    void open() throws Exception {
        fixture = new RouterFixture(dataDir, clock);
        router = fixture.router(null, 1f, OFFERS_A_PERSON);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void yesToAPersonOnASundayNamesMondayAndTakesAnInternationalNumber() {
        assertInstanceOf(Decision.Knowledge.class, fixture.route(router, "Where can I park a boat?"));
        Decision.Reply handed = assertInstanceOf(Decision.Reply.class, fixture.route(router, "yes"));
        assertEquals(Decision.Kind.ESCALATED, handed.kind());
        assertTrue(handed.text().contains("opens again Monday, December 14, 2026"), handed.text());
        assertEquals(1, fixture.escalations.queue(new Actor("test", Role.ADMIN), 10).size());

        Decision.Reply thanks = assertInstanceOf(Decision.Reply.class, fixture.route(router, "+44 20 7946 0958"));
        assertEquals("Thank you. The office will also reply to +44 20 7946 0958.", thanks.text());
        assertEquals("+44 20 7946 0958", new ReplyContacts(fixture.database, fixture.keys, clock)
                .of(fixture.conversationId).orElseThrow());
    }

    @Test
    void onMondayMorningThePersonIsPromisedWithinTwoHours() {
        clock.set(Instant.parse("2026-12-14T15:30:00Z")); // 09:30 in Chicago
        fixture.route(router, "Where can I park a boat?");
        Decision.Reply handed = assertInstanceOf(Decision.Reply.class, fixture.route(router, "yes"));
        assertTrue(handed.text().endsWith("The office is open now; someone usually replies within 2 hours."),
                handed.text());
        // No contact was asked for, so a number is just a message (here: the knowledge base's).
        assertInstanceOf(Decision.Knowledge.class, fixture.route(router, "217 555 0123"));
    }
}
