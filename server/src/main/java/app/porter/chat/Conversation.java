package app.porter.chat;

import java.time.Instant;

import app.porter.knowledge.Scope;
import app.porter.language.Language;

/**
 * A conversation's metadata; its messages are sealed under {@code wrappedKey} once unwrapped.
 *
 * @param unitId the tenant's unit within the property, or null; with the property it bounds what retrieval may
 *               show this conversation
 * @param kekVersion the key-encryption key version that wraps {@code wrappedKey}
 * @param noticeVersion the privacy-notice version the tenant consented to, or null when not recorded
 * @param legalHold the stated reason of a legal hold, or null when there is none
 */
public record Conversation(String id, String propertyId, String unitId, Language language, Instant createdAt,
                           byte[] tokenHash, int kekVersion, byte[] wrappedKey, Integer noticeVersion,
                           String legalHold) {

    /** What this conversation may be shown from the knowledge base: its property, and its unit when it has one. */
    public Scope scope() {
        return new Scope(propertyId, unitId);
    }
}
