package app.porter.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.porter.flows.Decision;
import app.porter.flows.FlowSession;
import app.porter.flows.Router;
import app.porter.knowledge.Scope;
import app.porter.language.Language;

/**
 * A conversation that exists only in memory, for acceptance suites: each message is routed and answered exactly
 * as a tenant's would be (the same stages, retrieval, answer gate and answerer), but nothing is stored, no staff
 * member is alerted and no ticket is opened; what would have happened is returned with the answer. So a suite
 * never mixes with tenants' conversations, never reaches staff or analytics, and leaves nothing to delete.
 *
 * <p>Not thread-safe: one rehearsal is one conversation, spoken one message at a time.
 */
public final class Rehearsal {

    /** One answered message: the answer, what routing decided, and the effects it would have had. */
    public record Turn(Answer answer, Decision.Outcome outcome, List<Decision.Effect> effects) {
        public Turn {
            effects = List.copyOf(effects);
        }
    }

    private final String id = "rehearsal-" + UUID.randomUUID();
    private final Router router;
    private final Answerer answerer;
    private final Scope scope;
    private final Language language;
    private final Clock clock;
    private final List<ChatMessage> history = new ArrayList<>();
    private FlowSession session;

    Rehearsal(Router router, Answerer answerer, Scope scope, Language language, Clock clock) {
        this.router = router;
        this.answerer = answerer;
        this.scope = scope;
        this.language = language;
        this.clock = clock;
    }

    /**
     * Routes and answers {@code text} as the conversation's next message.
     *
     * @throws Answerer.BusyException when the answer needs the model and every place is taken
     */
    public Turn say(String text) throws Answerer.BusyException {
        Decision decision = router.rehearse(id, scope, language, session, text);
        Answer answer = switch (decision.outcome()) {
            case Decision.Reply reply -> new Answer(reply.text(), Conversations.mode(reply.kind()), List.of(),
                    reply.form());
            case Decision.Knowledge knowledge -> {
                try (Answerer.Admission admission = decision.needsAnswerer() ? answerer.admit()
                        : Answerer.Admission.NONE) {
                    yield Conversations.withFollowUp(knowledge, answerer.answer(new Answerer.Question(text, scope,
                            history, knowledge.language(), knowledge.passages()), admission, TokenSink.NONE),
                            TokenSink.NONE);
                }
            }
        };
        session = decision.session();
        history.add(new ChatMessage(UUID.randomUUID().toString(), "tenant", text, null, List.of(), clock.instant()));
        history.add(new ChatMessage(UUID.randomUUID().toString(), "assistant", answer.text(), answer.mode(),
                answer.citations(), clock.instant()));
        return new Turn(answer, decision.outcome(), decision.effects());
    }
}
