package app.porter.chat;

import java.time.Instant;
import java.util.List;

/**
 * One decrypted message of a conversation.
 *
 * @param role {@code tenant}, {@code assistant} or {@code staff}
 * @param mode how an assistant reply was produced; null for the tenant's own messages
 */
public record ChatMessage(String id, String role, String text, AnswerMode mode, List<Citation> citations,
                          Instant createdAt) {
    public ChatMessage {
        citations = List.copyOf(citations);
    }
}
