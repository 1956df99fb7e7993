package app.porter.flows;

import java.util.function.Function;

import app.porter.flows.Decision.Kind;
import app.porter.language.Language;

/**
 * What the message asks for, when it is not a question for the knowledge base: a person (staff are alerted), a
 * maintenance problem (the maintenance flow starts; a general question about maintenance is the handbook's),
 * small talk.
 */
final class IntentStage implements Stage {

    private final FlowSteps steps;
    private final Function<Language, String> greeting;

    /** @param greeting what a hello is answered with, per language (the active policy's; {property} filled here) */
    IntentStage(FlowSteps steps, Function<Language, String> greeting) {
        this.steps = steps;
        this.greeting = greeting;
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
            // The last answer missed: an apology and a person offered, so a "yes" brings one in.
            case "not-what-asked" -> Decision.of(FlowSteps.reply(steps.texts().in(intent, turn.language(),
                    turn.property().placeholders()), PersonOffer.form(steps.texts(), turn.language()),
                    turn.language()), turn.session().withOffer(Offer.PERSON));
            case "maintenance" -> message.isGeneralQuestion() ? next.decide(turn)
                    : steps.start(turn, turn.session(), FlowLibrary.MAINTENANCE);
            case "greeting" -> Decision.of(new Decision.Reply(Placeholders.fill(greeting.apply(turn.language()),
                    turn.property().placeholders()), Kind.SMALL_TALK, null, turn.language()), turn.session());
            case "thanks", "goodbye" -> Decision.of(new Decision.Reply(steps.texts().in(intent, turn.language(),
                    turn.property().placeholders()), Kind.SMALL_TALK, null, turn.language()), turn.session());
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
