package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;

/**
 * Abandoned flows, on a real SQLite file and key ring with a clock the test moves: idle ones are offered again,
 * old ones expire cleanly. (Rules only here: no embedding model is needed for these decisions.)
 */
class AbandonedFlowTest {

    @TempDir
    Path dataDir;
    /** Moved forward by the tests; July is outside Maple Court's heating season. */
    MutableClock clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
    RouterFixture fixture;
    Router router;

    @BeforeEach
    void open() throws Exception {
        fixture = new RouterFixture(dataDir, clock);
        router = fixture.router(null, 1f, RouterFixture.NO_KNOWLEDGE);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Decision.Outcome route(String message) {
        return fixture.route(router, message);
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
