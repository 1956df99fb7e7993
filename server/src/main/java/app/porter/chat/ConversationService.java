package app.porter.chat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import app.porter.flows.Form;
import app.porter.flows.MessageRouter;
import app.porter.crypto.Aead;
import app.porter.crypto.BearerTokens;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Tenant conversations: start one (with consent), answer a message, read the history. Every message is stored
 * encrypted; the tenant's bearer token is the only way in, and only its digest is kept.
 */
public final class ConversationService {

    public static final List<Migration> MIGRATIONS = ConversationStore.MIGRATIONS;
    /** Where conversations keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("conversations", "id");

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
    private final Supplier<Integer> noticeVersion;
    /** Flows: emergencies, guided conversations, hand-overs; null answers every message from the answerer. */
    private final MessageRouter router;

    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock) {
        this(database, keys, answerer, clock, () -> null, null);
    }

    /**
     * @param noticeVersion the privacy notice's current version (what a tenant starting now consents to), or null
     * @param router the flows layer that sees every message first, or null
     */
    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock,
                               Supplier<Integer> noticeVersion, MessageRouter router) {
        this.store = new ConversationStore(database, keys);
        this.keys = keys;
        this.answerer = answerer;
        this.clock = clock;
        this.noticeVersion = noticeVersion;
        this.router = router;
    }

    /** The privacy notice version a tenant starting a conversation now consents to; null when none is kept. */
    public Integer currentNoticeVersion() {
        return noticeVersion.get();
    }

    /**
     * Starts a conversation for {@code propertyId} and, when given, one of its units; the caller has checked that
     * both exist and that the tenant consented.
     */
    public Started start(String propertyId, String unitId, String language) {
        return start(propertyId, unitId, language, null);
    }

    /**
     * Starts a conversation for {@code propertyId} (and {@code unitId} when not null), recording the privacy-notice
     * version the tenant consented to (null when unknown); the caller has checked that property and unit exist
     * and that the tenant consented.
     */
    public Started start(String propertyId, String unitId, String language, Integer noticeVersion) {
        String id = UUID.randomUUID().toString();
        String token = BearerTokens.newToken();
        byte[] dataKey = Aead.newKey();
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, id);
            Conversation conversation = new Conversation(id, propertyId, unitId, language, clock.instant(),
                    BearerTokens.digest(token), wrapped.kekVersion(), wrapped.key(), noticeVersion, null);
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
     * A tenant message that has been routed and, when it needs the answerer, given a place in its queue; nothing
     * is stored yet. Close it (or let {@link #reply(Accepted, TokenSink)} use it) to free the place.
     */
    public static final class Accepted implements AutoCloseable {
        private final Conversation conversation;
        private final String text;
        private final MessageRouter.Turn turn;
        private final MessageRouter.Routed routed;
        private final Answerer.Admission admission;

        private Accepted(Conversation conversation, String text, MessageRouter.Turn turn, MessageRouter.Routed routed,
                         Answerer.Admission admission) {
            this.conversation = conversation;
            this.text = text;
            this.turn = turn;
            this.routed = routed;
            this.admission = admission;
        }

        @Override
        public void close() {
            admission.close();
        }
    }

    /**
     * Routes {@code text} and, only when the answerer will answer it, takes a place in the answer queue. Emergencies
     * and flow steps never wait for (or are refused by) a busy model. Call it before anything is stored or streamed,
     * so a full appliance can answer 429 first.
     *
     * @throws Answerer.BusyException when the answerer is needed and every place is taken
     */
    public Accepted accept(Conversation conversation, String text) throws Answerer.BusyException {
        MessageRouter.Turn turn = new MessageRouter.Turn(conversation.id(), conversation.propertyId(), null,
                conversation.language());
        MessageRouter.Routed routed = route(turn, text);
        boolean needsAnswerer = !(routed instanceof MessageRouter.Reply);
        return new Accepted(conversation, text, turn, routed,
                needsAnswerer ? answerer.admit() : Answerer.Admission.NONE);
    }

    /** {@link #accept} and {@link #reply(Accepted, TokenSink)} in one, for callers without a stream to open. */
    public Reply reply(Conversation conversation, String text, TokenSink sink) throws Answerer.BusyException {
        try (Accepted accepted = accept(conversation, text)) {
            return reply(accepted, sink);
        }
    }

    /**
     * Stores the tenant's message, answers it (streaming to {@code sink}), stores the reply. The tenant's message
     * is stored first so it is kept even if the tenant leaves before the reply is finished.
     */
    public Reply reply(Accepted accepted, TokenSink sink) {
        Conversation conversation = accepted.conversation;
        String text = accepted.text;
        List<ChatMessage> history = store.messages(conversation);
        store.append(conversation, new ChatMessage(UUID.randomUUID().toString(), "tenant", text, null, List.of(),
                clock.instant()));
        Answer answer;
        String language = accepted.routed == null ? null : accepted.routed.language().tag();
        if (accepted.routed instanceof MessageRouter.Reply reply) {
            sink.token(reply.text());
            AnswerMode mode = switch (reply.kind()) {
                case EMERGENCY -> AnswerMode.EMERGENCY;
                case ESCALATED -> AnswerMode.ESCALATED;
                case FLOW -> AnswerMode.FLOW;
            };
            answer = new Answer(reply.text(), mode, List.of(), reply.form());
        } else {
            // The language the router detected in this message, else the one the conversation was opened in.
            String asked = language != null ? language : conversation.language();
            answer = answerer.answer(new Answerer.Question(text, conversation.scope(), history, asked),
                    accepted.admission, sink);
            if (accepted.routed instanceof MessageRouter.Knowledge knowledge) {
                answer = withFollowUp(accepted.turn, knowledge, answer, sink);
            }
        }
        String messageId = UUID.randomUUID().toString();
        store.append(conversation, new ChatMessage(messageId, "assistant", answer.text(), answer.mode(),
                answer.citations(), clock.instant()));
        return new Reply(messageId, answer, language);
    }

    /**
     * Asks the flows router first (emergencies, guided flows, hand-overs). Should the router itself fail, the
     * answerer answers (null here): a tenant never gets an error for a bug there.
     */
    private MessageRouter.Routed route(MessageRouter.Turn turn, String text) {
        if (router == null) {
            return null;
        }
        try {
            return router.route(turn, text);
        } catch (RuntimeException e) {
            // The class and where, never the message: it could quote what the tenant wrote.
            LOG.log(Level.ERROR, "flows router failed: " + e.getClass().getName() + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            return null;
        }
    }

    /** A knowledge-base answer inside a flow: the flow's follow-up line, or what the router offers next. */
    private Answer withFollowUp(MessageRouter.Turn turn, MessageRouter.Knowledge knowledge, Answer answer,
                                TokenSink sink) {
        Form form = knowledge.form();
        String reply = answer.text();
        if (knowledge.followUp() != null) {
            String more = "\n\n" + knowledge.followUp();
            sink.token(more);
            reply = reply + more;
        } else {
            form = router.afterKnowledge(turn, !answer.citations().isEmpty(), knowledge.language()).orElse(null);
        }
        return new Answer(reply, answer.mode(), answer.citations(), form);
    }

    public List<ChatMessage> history(Conversation conversation) {
        return store.messages(conversation);
    }

    public long count() {
        return store.count();
    }
}
