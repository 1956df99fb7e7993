package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditEntry;
import app.porter.escalation.Escalation;
import app.porter.knowledge.Scope;
import app.porter.language.Language;

/**
 * The policy-topic stage in the appliance's pipeline, on a real SQLite file: a topic hands over to a person and its
 * rule is audited in the same transaction as the message, a refused message (never applied) leaves no trace, and
 * the stages before it (a person holding the conversation) still come first.
 */
class PolicyStageTest {

    private static final Actor ADMIN = new Actor("test", Role.ADMIN);

    @TempDir
    Path dataDir;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-14T15:30:00Z")); // Monday 09:30 in Chicago
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

    private List<AuditEntry> policyDecisions() {
        return fixture.audit.recent(100).stream().filter(e -> e.action().equals("policy.topic.escalated")).toList();
    }

    @Test
    void aTopicGoesToAPersonWithItsRuleInTheAuditLog() {
        Decision.Reply reply = assertInstanceOf(Decision.Reply.class,
                fixture.route(router, "If this isn't fixed I will take you to court"));
        assertEquals(Decision.Kind.ESCALATED, reply.kind());
        assertTrue(reply.text().endsWith("someone usually replies within 2 hours."), reply.text());
        Escalation raised = fixture.escalations.queue(ADMIN, 10).getFirst();
        assertEquals("tenant-request", raised.reason());
        assertEquals("policy:legal-threat", raised.kind());
        AuditEntry entry = policyDecisions().getFirst();
        assertEquals("conversation/" + fixture.conversationId, entry.target());
        assertEquals("legal-threat (policy v1)", entry.detail());
    }

    @Test
    void aRefusedMessageLeavesNoDecisionBehind() {
        try (Router.Pending pending = router.decide(fixture.conversationId, new Scope("maple-court", null),
                Language.EN, "can you refuse tenants with kids?")) {
            assertEquals(Decision.Kind.ESCALATED, ((Decision.Reply) pending.decision().outcome()).kind());
        } // closed without applying, as for a 429
        assertTrue(policyDecisions().isEmpty());
        assertTrue(fixture.escalations.queue(ADMIN, 10).isEmpty());
    }

    @Test
    void whileStaffHoldTheConversationTheyAnswerIt() {
        Escalation asked = fixture.escalations.raise(fixture.conversationId, "maple-court", "tenant-request", null);
        fixture.escalations.claim(new Actor("alex", Role.AGENT, "Alex Kim"), asked.id());
        Decision.Reply reply = assertInstanceOf(Decision.Reply.class, fixture.route(router, "I'm going to sue you"));
        assertEquals(Decision.Kind.HUMAN, reply.kind());
        assertTrue(policyDecisions().isEmpty());
    }
}
