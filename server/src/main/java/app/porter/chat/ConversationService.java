package app.porter.chat;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

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
    /** Where conversations keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("conversations", "id");

    /** A new conversation and the tenant's token for it (returned once, never stored). */
    public record Started(Conversation conversation, String token) {
    }

    /** The stored reply to one tenant message. */
    public record Reply(String messageId, Answer answer) {
    }

    private final ConversationStore store;
    private final KeyRing keys;
    private final Answerer answerer;
    private final Clock clock;
    private final Supplier<Integer> noticeVersion;

    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock) {
        this(database, keys, answerer, clock, () -> null);
    }

    /**
     * @param noticeVersion the privacy notice's current version (what a tenant starting now consents to), or null
     */
    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock,
                               Supplier<Integer> noticeVersion) {
        this.store = new ConversationStore(database, keys);
        this.keys = keys;
        this.answerer = answerer;
        this.clock = clock;
        this.noticeVersion = noticeVersion;
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
     * Takes a place in the answer queue; 429 material when the appliance is full. Take it before anything is
     * stored or streamed, pass it to {@link #reply(Conversation, String, Answerer.Admission, TokenSink)} and close
     * it afterwards.
     */
    public Answerer.Admission admit() throws Answerer.BusyException {
        return answerer.admit();
    }

    /** {@link #reply(Conversation, String, Answerer.Admission, TokenSink)} with a place taken here. */
    public Reply reply(Conversation conversation, String text, TokenSink sink) throws Answerer.BusyException {
        try (Answerer.Admission admission = answerer.admit()) {
            return reply(conversation, text, admission, sink);
        }
    }

    /**
     * Stores the tenant's message, answers it (streaming to {@code sink}), stores the reply. The tenant's message
     * is stored first so it is kept even if the tenant leaves before the reply is finished.
     */
    public Reply reply(Conversation conversation, String text, Answerer.Admission admission, TokenSink sink) {
        List<ChatMessage> history = store.messages(conversation);
        store.append(conversation, new ChatMessage(UUID.randomUUID().toString(), "tenant", text, null, List.of(),
                clock.instant()));
        Answer answer = answerer.answer(new Answerer.Question(text, conversation.scope(), history), admission,
                sink);
        String messageId = UUID.randomUUID().toString();
        store.append(conversation, new ChatMessage(messageId, "assistant", answer.text(), answer.mode(),
                answer.citations(), clock.instant()));
        return new Reply(messageId, answer);
    }

    public List<ChatMessage> history(Conversation conversation) {
        return store.messages(conversation);
    }

    public long count() {
        return store.count();
    }
}
