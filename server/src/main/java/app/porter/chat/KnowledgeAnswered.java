package app.porter.chat;

import java.util.OptionalDouble;

/**
 * A tenant question the knowledge base answered (or could not): what knowledge gaps are found from. Handed to
 * listeners once the question and its reply are stored; never logged.
 *
 * @param question the tenant's message as stored
 * @param replyId the id of the stored reply
 * @param bestSimilarity the best passage's cosine similarity past the answer gate; empty for "I don't know"
 * @param vector the question's embedding as routing computed it (never computed again), or null without one
 */
public record KnowledgeAnswered(Conversation conversation, ChatMessage question, String replyId,
                                OptionalDouble bestSimilarity, float[] vector) {

    /** Told of each question the knowledge base answered or could not. */
    @FunctionalInterface
    public interface Listener {
        void answered(KnowledgeAnswered answered);
    }
}
