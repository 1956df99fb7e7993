package app.porter.flows;

import app.porter.flows.Decision.Kind;

/**
 * What the message asks for, when it is not a question for the knowledge base: a person (staff are alerted), a
 * maintenance problem (the maintenance flow starts; a general question about maintenance is the handbook's),
 * small talk.
 */
final class IntentStage implements Stage {

    private final FlowSteps steps;

    IntentStage(FlowSteps steps) {
        this.steps = steps;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        Message message = turn.message();
        String intent = message.intent();
        if (intent == null) {
            return next.decide(turn);
        }
        return switch (intent) {
            case "human" -> escalateToPerson(turn, turn.session(), steps.texts());
            case "maintenance" -> message.isGeneralQuestion() ? next.decide(turn)
                    : steps.start(turn, turn.session(), FlowLibrary.MAINTENANCE);
            case "greeting", "thanks", "goodbye" -> Decision.of(new Decision.Reply(steps.texts().in(intent,
                    turn.language(), turn.property().placeholders()), Kind.SMALL_TALK, null, turn.language()),
                    turn.session());
            default -> next.decide(turn);
        };
    }

    /** "Someone from the office will reply here", when to expect it, and staff are alerted. */
    static Decision escalateToPerson(Turn turn, FlowSession session, Texts texts) {
        return OfficeNotice.handOver(turn, session, texts,
                        texts.in("human", turn.language(), turn.property().placeholders()), Kind.ESCALATED)
                .and(new Decision.Escalate("tenant-request", null));
    }
}
