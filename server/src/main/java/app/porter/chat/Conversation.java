package app.porter.chat;

import java.time.Instant;

/**
 * A conversation's metadata; its messages are sealed under {@code wrappedKey} once unwrapped.
 *
 * @param kekVersion the key-encryption key version that wraps {@code wrappedKey}
 * @param noticeVersion the privacy-notice version the tenant consented to, or null when not recorded
 * @param legalHold the stated reason of a legal hold, or null when there is none
 */
public record Conversation(String id, String propertyId, String language, Instant createdAt, byte[] tokenHash,
                           int kekVersion, byte[] wrappedKey, Integer noticeVersion, String legalHold) {
}
