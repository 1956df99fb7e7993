package app.porter.chat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import app.porter.analytics.Analytics;
import app.porter.crypto.Aead;
import app.porter.crypto.BearerTokens;
import app.porter.crypto.KeyRing;
import app.porter.flows.Decision;
import app.porter.flows.Router;
import app.porter.knowledge.Scope;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Tenant conversations: start one (with consent), answer a message, read the history. Every message is stored
 * encrypted; the tenant's bearer token is the only way in, and only its digest is kept.
 */
public final class Conversations {

    public static final List<Migration> MIGRATIONS = ConversationStore.MIGRATIONS;
    /** Where conversations keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("conversations", "id");

    /** A new conversation and the tenant's token for it (returned once, never stored). */
    public record Started(Conversation conversation, String token) {
    }

    /**
     * The stored reply to one tenant message.
     *
     * @param language the tenant's language as routing saw it, or null without routing
     */
    public record Reply(String messageId, Answer answer, Language language) {
        public Reply(String messageId, Answer answer) {
            this(messageId, answer, null);
        }
    }

    private static final Logger LOG = System.getLogger(Conversations.class.getName());
    /**
     * Earlier messages an answer is given: more than a small local model's context holds once the passages are in
     * (the prompt drops the oldest first anyway); where a flow stands is kept apart, in its session.
     */
    static final int HISTORY_WINDOW = 20;

    private final ConversationStore store;
    private final StaffSide staffSide;
    private final Seals seals;
    private final ConversationEvents events = new ConversationEvents();
    private final KeyRing keys;
    private final Answerer answerer;
    private final Clock clock;
    private final Supplier<Integer> noticeVersion;
    /** Flows: emergencies, guided conversations, hand-overs; null answers every message from the answerer. */
    private final Router router;
    private final List<KnowledgeAnswered.Listener> knowledgeListeners = new CopyOnWriteArrayList<>();
    /** Where counters for the console's charts go (never what a tenant wrote); null keeps none. */
    private final Analytics analytics;

    public Conversations(Database database, KeyRing keys, Answerer answerer, Clock clock) {
        this(database, keys, answerer, clock, () -> null, null);
    }

    public Conversations(Database database, KeyRing keys, Answerer answerer, Clock clock,
                         Supplier<Integer> noticeVersion, Router router) {
        this(database, keys, answerer, clock, noticeVersion, router, null);
    }

    /**
     * @param noticeVersion the privacy notice's current version (what a tenant starting now consents to), or null
     * @param router the flows layer that sees every message first, or null
     * @param analytics counts conversations, messages and answers for the console's charts, or null
     */
    public Conversations(Database database, KeyRing keys, Answerer answerer, Clock clock,
                         Supplier<Integer> noticeVersion, Router router, Analytics analytics) {
        this.store = new ConversationStore(database, keys);
        this.staffSide = new StaffSide(store, new StaffNotes(database, keys), events, clock);
        this.seals = new Seals(keys);
        this.keys = keys;
        this.answerer = answerer;
        this.clock = clock;
        this.noticeVersion = noticeVersion;
        this.router = router;
        this.analytics = analytics;
    }

    /** The privacy notice version a tenant starting a conversation now consents to; null when none is kept. */
    public Integer currentNoticeVersion() {
        return noticeVersion.get();
    }

    /**
     * Starts a conversation for {@code propertyId} and, when given, one of its units; the caller has checked that
     * both exist and that the tenant consented.
     */
    public Started start(String propertyId, String unitId, Language language) {
        return start(propertyId, unitId, language, null);
    }

    /**
     * Starts a conversation for {@code propertyId} (and {@code unitId} when not null), recording the privacy-notice
     * version the tenant consented to (null when unknown); the caller has checked that property and unit exist
     * and that the tenant consented.
     */
    public Started start(String propertyId, String unitId, Language language, Integer noticeVersion) {
        String id = UUID.randomUUID().toString();
        String token = BearerTokens.newToken();
        byte[] dataKey = Aead.newKey();
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, id);
            Conversation conversation = new Conversation(id, propertyId, unitId, language, clock.instant(),
                    BearerTokens.digest(token), wrapped.kekVersion(), wrapped.key(), noticeVersion, null);
            store.insert(conversation);
            if (analytics != null) {
                analytics.conversationStarted(propertyId, language);
            }
            return new Started(conversation, token);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public Optional<Conversation> find(String conversationId) {
        return store.find(conversationId);
    }

    /**
     * Conversations started on {@code from} .. {@code to} (UTC days, inclusive; null for an open end), of one property
     * or (null) all, oldest first; erased ones are not among them.
     */
    public List<Conversation> startedBetween(LocalDate from, LocalDate to, String propertyId) {
        return store.startedBetween(from, to, propertyId);
    }

    /**
     * A conversation in memory only ({@link Rehearsal}), for acceptance suites: answered like a tenant's, stored
     * nowhere.
     *
     * @param language the language it is opened in (the browser's), or null
     * @throws IllegalStateException when this appliance routes no messages (no flows)
     */
    public Rehearsal rehearse(Scope scope, Language language) {
        return rehearse(scope, language, answerer);
    }

    /**
     * {@link #rehearse(Scope, Language)} answered by {@code with} instead of the serving answerer: a model that is
     * not active yet rehearses the suites before it may be activated.
     */
    public Rehearsal rehearse(Scope scope, Language language, Answerer with) {
        if (router == null) {
            throw new IllegalStateException("rehearsals need the flows router");
        }
        return new Rehearsal(router, with, scope, language, clock);
    }

    /** True when {@code token} is this conversation's bearer token. */
    public boolean authorizes(Conversation conversation, String token) {
        return BearerTokens.matches(token, conversation.tokenHash());
    }

    /**
     * A tenant message that has been routed and, when it needs the answerer, given a place in its queue; nothing
     * is stored yet, and the conversation's next message waits until it is. Close it (or let
     * {@link #reply(Accepted, TokenSink)} use it) to free the place and the conversation.
     */
    public static final class Accepted implements AutoCloseable {
        private final Conversation conversation;
        private final String text;
        private final Router.Pending routed;
        private final Answerer.Admission admission;
        /** When the message arrived (before routing): where its reply latency is counted from. */
        private final long arrivedNanos;

        /** Whether the answer took a place in the model's queue (it may wait there for the model). */
        public boolean waitsForModel() {
            return admission != Answerer.Admission.NONE;
        }

        private Accepted(Conversation conversation, String text, Router.Pending routed, Answerer.Admission admission,
                         long arrivedNanos) {
            this.arrivedNanos = arrivedNanos;
            this.conversation = conversation;
            this.text = text;
            this.routed = routed;
            this.admission = admission;
        }

        @Override
        public void close() {
            try {
                admission.close();
            } finally {
                if (routed != null) {
                    routed.close();
                }
            }
        }
    }

    /**
     * Routes {@code text} and, only when the answerer will answer it, takes a place in the answer queue. Emergencies,
     * flow steps and "I don't know" never wait for (or are refused by) a busy model. Call it before anything is
     * stored or streamed, so a full appliance can answer 429 first; a refused message changes nothing.
     *
     * @throws Answerer.BusyException when the answerer is needed and every place is taken
     */
    public Accepted accept(Conversation conversation, String text) throws Answerer.BusyException {
        long arrived = System.nanoTime();
        Router.Pending routed = route(conversation, text);
        try {
            boolean needsAnswerer = routed == null || routed.decision().needsAnswerer();
            return new Accepted(conversation, text, routed, needsAnswerer ? answerer.admit() : Answerer.Admission.NONE,
                    arrived);
        } catch (Answerer.BusyException | RuntimeException e) {
            if (routed != null) {
                routed.close();
            }
            throw e;
        }
    }

    /** {@link #accept} and {@link #reply(Accepted, TokenSink)} in one, for callers without a stream to open. */
    public Reply reply(Conversation conversation, String text, TokenSink sink) throws Answerer.BusyException {
        try (Accepted accepted = accept(conversation, text)) {
            return reply(accepted, sink);
        }
    }

    /**
     * Stores the tenant's message with what routing decided (in one transaction), answers it (streaming to
     * {@code sink}), stores the reply. The tenant's message is stored first so it is kept even if the tenant leaves
     * before the reply is finished. Only the last {@link #HISTORY_WINDOW} messages are read.
     */
    public Reply reply(Accepted accepted, TokenSink sink) {
        Conversation conversation = accepted.conversation;
        String text = accepted.text;
        List<ChatMessage> history = store.recent(conversation, HISTORY_WINDOW);
        ChatMessage asked = new ChatMessage(UUID.randomUUID().toString(), "tenant", text, null, List.of(),
                clock.instant());
        Decision.Outcome outcome = null;
        if (accepted.routed == null) {
            store.append(conversation, asked);
        } else {
            outcome = accepted.routed.apply(connection -> {
                store.append(conversation, asked);
                return null;
            });
        }
        if (analytics != null) {
            analytics.messageReceived(conversation.propertyId(), language(accepted, outcome));
        }
        Answer answer = switch (outcome) {
            case Decision.Reply reply -> {
                sink.token(reply.text());
                yield new Answer(reply.text(), mode(reply.kind()), List.of(), reply.form());
            }
            case Decision.Knowledge knowledge -> withFollowUp(knowledge, answerer.answer(new Answerer.Question(text,
                    conversation.scope(), history, knowledge.language(), knowledge.passages()), accepted.admission,
                    sink), sink);
            // Routing failed (or there is none): the answerer answers, in the language the conversation opened in.
            case null -> answerer.answer(new Answerer.Question(text, conversation.scope(), history,
                    conversation.language()), accepted.admission, sink);
        };
        String messageId = UUID.randomUUID().toString();
        store.append(conversation, new ChatMessage(messageId, "assistant", answer.text(), answer.mode(),
                answer.citations(), clock.instant()));
        if (outcome instanceof Decision.Knowledge knowledge) {
            answeredFromKnowledge(new KnowledgeAnswered(conversation, asked, messageId,
                    knowledge.passages().stream().mapToDouble(p -> p.score()).max(),
                    accepted.routed.message() == null ? null : accepted.routed.message().vector()));
        }
        count(accepted, outcome, answer);
        return new Reply(messageId, answer, outcome == null ? null : outcome.language());
    }

    /** Also tells {@code listener} of each question the knowledge base answered or could not (knowledge gaps). */
    public void onKnowledgeAnswer(KnowledgeAnswered.Listener listener) {
        knowledgeListeners.add(listener);
    }

    /** A listener that fails must not cost the tenant the reply already stored and sent. */
    private void answeredFromKnowledge(KnowledgeAnswered answered) {
        for (KnowledgeAnswered.Listener listener : knowledgeListeners) {
            try {
                listener.answered(answered);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "knowledge-answer listener failed: " + e.getClass().getName());
            }
        }
    }

    /**
     * Seals {@code plain} under the conversation's data key, pinned to {@code <conversation id>/<label>}: what
     * another feature keeps of a tenant's text (a feedback comment, a knowledge gap's example) is then shredded with
     * the conversation, like its messages.
     */
    public byte[] seal(Conversation conversation, String label, byte[] plain) {
        return seals.seal(conversation, label, plain);
    }

    /** Opens what {@link #seal} sealed with the same {@code label}. */
    public byte[] unseal(Conversation conversation, String label, byte[] sealed) {
        return seals.unseal(conversation, label, sealed);
    }

    /** The answer, for the console's charts: what answered and how long after the message arrived. */
    private void count(Accepted accepted, Decision.Outcome outcome, Answer answer) {
        if (analytics != null) {
            analytics.answered(accepted.conversation.propertyId(), language(accepted, outcome),
                    AnswerKinds.of(outcome, answer), Duration.ofNanos(System.nanoTime() - accepted.arrivedNanos));
        }
    }

    /** The tenant's language as routing detected it, else the one the conversation opened in. */
    private static Language language(Accepted accepted, Decision.Outcome outcome) {
        return outcome != null ? outcome.language() : accepted.conversation.language();
    }

    static AnswerMode mode(Decision.Kind kind) {
        return switch (kind) {
            case EMERGENCY -> AnswerMode.EMERGENCY;
            case ESCALATED -> AnswerMode.ESCALATED;
            case FLOW, SMALL_TALK -> AnswerMode.FLOW;
            case HUMAN -> AnswerMode.HUMAN;
        };
    }

    /**
     * Whether {@code text} is an emergency by the emergency layer's rules alone: cheap enough to ask for a message
     * that the tenant socket is too busy to route, because an emergency is answered however busy Porter is. Should
     * the check itself fail, the message counts as one (it is then routed as usual).
     */
    public boolean isEmergency(Conversation conversation, String text) {
        if (router == null) {
            return false;
        }
        try {
            return router.isEmergency(conversation.scope(), text);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "emergency check failed: " + e.getClass().getName());
            return true;
        }
    }

    /**
     * Asks the router first (emergencies, guided flows, hand-overs). Should the router itself fail, the answerer
     * answers (null here): a tenant never gets an error for a bug there.
     */
    private Router.Pending route(Conversation conversation, String text) {
        if (router == null) {
            return null;
        }
        try {
            return router.decide(conversation.id(), conversation.scope(), conversation.language(), text);
        } catch (RuntimeException e) {
            // The class and where, never the message: it could quote what the tenant wrote.
            LOG.log(Level.ERROR, "flows router failed: " + e.getClass().getName() + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            return null;
        }
    }

    /** The knowledge answer, then what routing put after it: the flow stepped out of, or a person offered. */
    static Answer withFollowUp(Decision.Knowledge knowledge, Answer answer, TokenSink sink) {
        String reply = answer.text();
        if (knowledge.followUp() != null) {
            String more = "\n\n" + knowledge.followUp();
            sink.token(more);
            reply = reply + more;
        }
        return new Answer(reply, answer.mode(), answer.citations(), knowledge.form());
    }

    public List<ChatMessage> history(Conversation conversation) {
        return store.messages(conversation);
    }

    /** The conversation's last {@code limit} messages, oldest first (an inbox preview). */
    public List<ChatMessage> recent(Conversation conversation, int limit) {
        return store.recent(conversation, limit);
    }

    /** The tenants' event streams (staff replies, takeover and hand-back). */
    public ConversationEvents events() {
        return events;
    }

    /** What staff do in a conversation: replies, takeover and hand-back, ticket news, internal notes. */
    public StaffSide staffSide() {
        return staffSide;
    }

    public long count() {
        return store.count();
    }
}
