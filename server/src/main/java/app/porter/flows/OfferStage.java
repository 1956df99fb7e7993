package app.porter.flows;

import java.util.Map;
import java.util.Optional;

import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;
import app.porter.language.Language;

/**
 * The answer to what Porter offered last: "yes" to a person, the reference or the apartment a status look-up asked
 * for. (A flow's "continue?" is the flow stage's.) Anything else passes on: an offer lasts one message.
 */
final class OfferStage implements Stage {

    private final Texts texts;
    private final StatusLookup status;

    OfferStage(Texts texts, StatusLookup status) {
        this.texts = texts;
        this.status = status;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        FlowSession session = turn.session();
        Optional<Decision> answered = switch (turn.offered()) {
            case Offer.StatusReference r -> StatusLookup.mentionsReference(turn.message(), turn.property())
                    ? Optional.of(status.lookup(turn, session)) : Optional.empty();
            case Offer.StatusUnit u -> status.withUnit(turn, session, u);
            case Offer.Person p -> person(turn, session);
            case Offer.Contact c -> contact(turn, session, c.language());
            case null, default -> Optional.empty();
        };
        return answered.orElseGet(() -> next.decide(turn));
    }

    /** An e-mail address or phone number after an out-of-hours hand-over; anything else is a message of its own. */
    private Optional<Decision> contact(Turn turn, FlowSession session, Language lang) {
        // An address or a number is in no language (one may read as French): keep the conversation's.
        return Slots.contact(turn.message().text(), turn.property().phoneRegion()).map(contact -> Decision.of(
                new Reply(texts.in("contact-left", lang, Map.of("contact", contact)), Kind.FLOW, null, lang),
                session.withLanguage(lang)).and(new Decision.LeaveContact(contact)));
    }

    private Optional<Decision> person(Turn turn, FlowSession session) {
        String text = turn.message().text().strip();
        if (texts.is("yes", text) || text.equals("person")) {
            return Optional.of(IntentStage.escalateToPerson(turn, session, texts));
        }
        if (texts.is("no", text) || text.equals("no-thanks")) {
            return Optional.of(Decision.of(new Reply(texts.in("no-person", turn.language(),
                    turn.property().placeholders()), Kind.FLOW, null, turn.language()), session));
        }
        return Optional.empty();
    }
}
