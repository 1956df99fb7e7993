package app.porter.chat;

import java.time.Instant;
import java.util.List;

/**
 * One decrypted message of a conversation.
 *
 * @param role {@code tenant}, {@code assistant} or {@code staff}
 * @param mode how an assistant reply was produced; null for the tenant's own messages and staff replies
 * @param author for a staff reply, the name the person signs with (sealed with the text); otherwise null
 */
public record ChatMessage(String id, String role, String text, AnswerMode mode, List<Citation> citations,
                          Instant createdAt, String author) {
    public ChatMessage {
        citations = List.copyOf(citations);
    }

    /** A tenant or assistant message (no author). */
    public ChatMessage(String id, String role, String text, AnswerMode mode, List<Citation> citations,
                       Instant createdAt) {
        this(id, role, text, mode, citations, createdAt, null);
    }
}
