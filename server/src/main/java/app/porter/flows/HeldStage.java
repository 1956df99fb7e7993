package app.porter.flows;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;

/**
 * Right after the emergency stage: while a member of staff holds the conversation (they claimed its escalation in
 * the inbox), the bot stays quiet. The tenant's message is stored as always and answered only with a short line in
 * their language saying who will reply here; the person answers through the inbox. An emergency has already been
 * answered by the stage before this one, so safety instructions never wait for a person.
 *
 * <p>The flow state is left as it was: when staff hand the conversation back, the bot picks up where it stood.
 */
final class HeldStage implements Stage {

    private final Function<String, Optional<String>> heldBy;
    private final Texts texts;

    /**
     * @param heldBy the display name of whoever holds a conversation (by id), read anew for every message so a
     *               claim or a hand-back counts from the tenant's very next message
     */
    HeldStage(Function<String, Optional<String>> heldBy, Texts texts) {
        this.heldBy = heldBy;
        this.texts = texts;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        Optional<String> person = heldBy.apply(turn.conversationId());
        if (person.isEmpty()) {
            return next.decide(turn);
        }
        String line = texts.in("held", turn.language(), Map.of("name", person.get()));
        // The offer (if any) is dropped with the message, as every stage does; the rest of the state is kept.
        return Decision.of(new Reply(line, Kind.HUMAN, null, turn.language()), turn.session());
    }
}
