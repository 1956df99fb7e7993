package app.porter.chat;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

    /** The stored reply to one tenant message. */
    public record Reply(String messageId, Answer answer) {
    }

    private final ConversationStore store;
    private final KeyRing keys;
    private final Answerer answerer;
    private final Clock clock;

    public ConversationService(Database database, KeyRing keys, Answerer answerer, Clock clock) {
        this.store = new ConversationStore(database, keys);
        this.keys = keys;
        this.answerer = answerer;
        this.clock = clock;
    }

    /**
     * Starts a conversation for {@code propertyId} and, when given, one of its units; the caller has checked that
     * both exist and that the tenant consented.
     */
    public Started start(String propertyId, String unitId, String language) {
        String id = UUID.randomUUID().toString();
        String token = BearerTokens.newToken();
        byte[] dataKey = Aead.newKey();
        try {
            Conversation conversation = new Conversation(id, propertyId, unitId, language, clock.instant(),
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
        Answer answer = answerer.answer(text, conversation.scope(), sink);
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
