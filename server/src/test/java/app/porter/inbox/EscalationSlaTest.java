package app.porter.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.TestPorter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.escalation.Escalation;
import app.porter.escalation.Escalations;

/**
 * The inbox's order and SLA on a real appliance with a clock the test moves: emergencies first whatever their age,
 * a target per priority from application.yaml, breached once missed (and still breached when the first answer came
 * late), and the SLA watch of notifications told only of escalations still waiting.
 */
class EscalationSlaTest {

    @TempDir
    Path dataDir;

    @Test
    void emergenciesComeFirstAndEachPriorityHasItsOwnTarget() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (TestPorter porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN),
                clock)) {
            Inbox inbox = porter.porter.inbox();
            Escalations escalations = porter.porter.flows().escalations();
            Actor agent = new Actor("sam", Role.AGENT, "Sam Ortiz");
            TestPorter.Started asked = porter.startConversation();
            porter.ask(asked, "Can I talk to a real person please?");
            clock.advance(Duration.ofMinutes(10));
            TestPorter.Started gas = porter.startConversation();
            porter.ask(gas, "I can smell gas in the stairwell");

            List<Inbox.Item> queue = inbox.queue(agent);
            assertEquals(List.of("emergency", "tenant-request"),
                    queue.stream().map(i -> i.escalation().reason()).toList(), "emergency first, though younger");
            assertEquals(Duration.ofMinutes(10), queue.get(1).age());
            assertTrue(queue.stream().noneMatch(Inbox.Item::breached));

            clock.advance(Duration.ofMinutes(16)); // the emergency is past 15 minutes, the request not past 4 hours
            queue = inbox.queue(agent);
            assertTrue(queue.get(0).breached());
            assertFalse(queue.get(1).breached());
            assertEquals(List.of(queue.get(0).escalation().id()),
                    escalations.breached(inbox.sla(), clock.instant()).stream().map(Escalation::id).toList());

            // Answered late: no longer waiting (the watch forgets it), still counted as breached in the inbox.
            inbox.reply(agent, queue.get(0).escalation().id(), "On my way with the gas company.");
            assertTrue(escalations.breached(inbox.sla(), clock.instant()).isEmpty());
            Inbox.Item answered = inbox.queue(agent).get(0);
            assertTrue(answered.breached());
            assertEquals(clock.instant(), answered.escalation().firstReplyAt());
            assertEquals("Sam Ortiz", answered.escalation().claim().displayName());
        }
    }
}
