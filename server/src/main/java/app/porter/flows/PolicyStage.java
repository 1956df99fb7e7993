package app.porter.flows;

import app.porter.flows.Decision.Kind;
import app.porter.policy.Policies;

/**
 * Right after the emergency and held stages: a message about a topic the firm's policies always send to a person
 * (legal threats, eviction, fair-housing questions, rent disputes) is not answered by Porter. The tenant hears, in
 * their language, that a person will reply (and when, by the office hours); staff are alerted through the inbox as
 * for a request for a person; the audit log records the rule that matched, never the message.
 *
 * <p>The rules of the active policy version match the message as analysed once ({@link Message#normalized()},
 * its language), so a new version counts from the next message.
 */
final class PolicyStage implements Stage {

    /** The escalation's kind for a policy topic: {@code policy:legal-threat}. */
    static final String KIND_PREFIX = "policy:";

    private final Policies policies;
    private final Texts texts;

    PolicyStage(Policies policies, Texts texts) {
        this.policies = policies;
        this.texts = texts;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        return policies.topic(turn.message().normalized(), turn.language())
                .map(match -> OfficeNotice.handOver(turn, turn.session(), texts,
                                texts.in("policy-topic", turn.language(), turn.property().placeholders()),
                                Kind.ESCALATED)
                        .and(new Decision.Escalate("tenant-request", KIND_PREFIX + match.topic().id()))
                        .and(new Decision.Audited("policy.topic.escalated", match.rule())))
                .orElseGet(() -> next.decide(turn));
    }
}
