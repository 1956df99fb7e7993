package app.porter.chat;

import java.time.Instant;

/** A conversation's metadata; its messages are sealed under {@code wrappedKey} once unwrapped. */
public record Conversation(String id, String propertyId, String language, Instant createdAt, byte[] tokenHash,
                           int kekVersion, byte[] wrappedKey) {
}
