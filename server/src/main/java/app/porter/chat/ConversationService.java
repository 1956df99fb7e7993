package app.porter.chat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.porter.flows.Form;
import app.porter.flows.MessageRouter;
import app.porter.privacy.Aead;
import app.porter.privacy.BearerTokens;
import app.porter.privacy.KeyRing;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Tenant conversations: start one (with consent), answer a message, read the history. Every message is stored
 * encrypted; the tenant's bearer token is the only way in, and only its digest is kept.
 */
public final class ConversationService {

    public static final List<Migration> MIGRATIONS = ConversationStore.MIGRATIONS;

    /** A new conversation and the tenant's token for it (returned once, never stored). */
    public record Started(Conversation conversation, String token) {
    }

    /**
     * The stored reply to one tenant message.
     *
     * @param language the tenant's language as the flows layer sees it (BCP 47), or null without one
     */
    public record Reply(String messageId, Answer answer, String language) {
        public Reply(String messageId, Answer answer) {
            this(messageId, answer, null);
        }
    }

    private static final Logger LOG = System.getLogger(ConversationService.class.getName());

    private final ConversationStore store;
    private final KeyRing keys;
    private final Answerer answerer;
    private final Clock clock;
    /** Flows: emergencies, guided conversations, hand-overs; null answers every message from the answerer. */
    private final MessageRouter router;

    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock) {
        this(database, keys, answerer, clock, null);
    }

    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock, MessageRouter router) {
        this.store = new ConversationStore(database, keys);
        this.keys = keys;
        this.answerer = answerer;
        this.clock = clock;
        this.router = router;
    }

    /** Starts a conversation for {@code propertyId}; the caller has checked the property exists and consent. */
    public Started start(String propertyId, String language) {
        String id = UUID.randomUUID().toString();
        String token = BearerTokens.newToken();
        byte[] dataKey = Aead.newKey();
        try {
            Conversation conversation = new Conversation(id, propertyId, language, clock.instant(),
                    BearerTokens.digest(token), KeyRing.KEK_VERSION, keys.wrap(dataKey, id));
            store.insert(conversation);
            return new Started(conversation, token);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public Optional<Conversation> find(String conversationId) {
        return store.find(conversationId);
    }

    /** True when {@code token} is this conversation's bearer token. */
    public boolean authorizes(Conversation conversation, String token) {
        return BearerTokens.matches(token, conversation.tokenHash());
    }

    /**
     * Stores the tenant's message, answers it (streaming to {@code sink}), stores the reply. The tenant's message
     * is stored first so it is kept even if the tenant leaves before the reply is finished.
     */
    public Reply reply(Conversation conversation, String text, TokenSink sink) {
        store.append(conversation, new ChatMessage(UUID.randomUUID().toString(), "tenant", text, null, List.of(),
                clock.instant()));
        String language = null;
        Answer answer;
        if (router == null) {
            answer = answerer.answer(text, conversation.propertyId(), sink);
        } else {
            Routed routed = routed(conversation, text, sink);
            answer = routed.answer();
            language = routed.language();
        }
        String messageId = UUID.randomUUID().toString();
        store.append(conversation, new ChatMessage(messageId, "assistant", answer.text(), answer.mode(),
                answer.citations(), clock.instant()));
        return new Reply(messageId, answer, language);
    }

    private record Routed(Answer answer, String language) {
    }

    /**
     * Asks the flows router first (emergencies, guided flows, hand-overs); the answerer answers what it passes on.
     * Should the router itself fail, the answerer still answers: a tenant never gets an error for a bug there.
     */
    private Routed routed(Conversation conversation, String text, TokenSink sink) {
        MessageRouter.Turn turn = new MessageRouter.Turn(conversation.id(), conversation.propertyId(), null,
                conversation.language());
        MessageRouter.Routed routed;
        try {
            routed = router.route(turn, text);
        } catch (RuntimeException e) {
            // The class and where, never the message: it could quote what the tenant wrote.
            LOG.log(Level.ERROR, "flows router failed: " + e.getClass().getName() + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            return new Routed(answerer.answer(text, conversation.propertyId(), sink), null);
        }
        String language = routed.language().tag();
        if (routed instanceof MessageRouter.Reply reply) {
            sink.token(reply.text());
            AnswerMode mode = switch (reply.kind()) {
                case EMERGENCY -> AnswerMode.EMERGENCY;
                case ESCALATED -> AnswerMode.ESCALATED;
                case FLOW -> AnswerMode.FLOW;
            };
            return new Routed(new Answer(reply.text(), mode, List.of(), reply.form()), language);
        }
        MessageRouter.Knowledge knowledge = (MessageRouter.Knowledge) routed;
        Answer answer = answerer.answer(text, conversation.propertyId(), sink);
        Form form = knowledge.form();
        String reply = answer.text();
        if (knowledge.followUp() != null) {
            String more = "\n\n" + knowledge.followUp();
            sink.token(more);
            reply = reply + more;
        } else {
            form = router.afterKnowledge(turn, !answer.citations().isEmpty(), routed.language()).orElse(null);
        }
        return new Routed(new Answer(reply, answer.mode(), answer.citations(), form), language);
    }

    public List<ChatMessage> history(Conversation conversation) {
        return store.messages(conversation);
    }

    public long count() {
        return store.count();
    }
}
