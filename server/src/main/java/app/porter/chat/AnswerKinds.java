package app.porter.chat;

import app.porter.analytics.AnswerKind;
import app.porter.flows.Decision;

/** What answered a message, as the console's charts count it. */
final class AnswerKinds {

    private AnswerKinds() {
    }

    /** @param outcome what routing decided, or null when it failed and the answerer answered */
    static AnswerKind of(Decision.Outcome outcome, Answer answer) {
        return switch (outcome) {
            case Decision.Reply reply -> switch (reply.kind()) {
                case FLOW -> AnswerKind.FLOW;
                case SMALL_TALK -> AnswerKind.SMALL_TALK;
                case EMERGENCY -> AnswerKind.EMERGENCY;
                case ESCALATED -> AnswerKind.ESCALATED;
                case HUMAN -> AnswerKind.HELD;
            };
            case null, default -> answer.citations().isEmpty() ? AnswerKind.DONT_KNOW
                    : answer.mode() == AnswerMode.GENERATIVE ? AnswerKind.GENERATIVE : AnswerKind.EXTRACTIVE;
        };
    }
}
