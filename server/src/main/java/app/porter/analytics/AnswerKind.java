package app.porter.analytics;

import java.util.Locale;

/**
 * What answered a tenant's message, as the charts count it: finer than the HTTP contract's {@code mode}, which
 * calls a "don't know" extractive and small talk a flow.
 */
public enum AnswerKind {
    /** Quoted from the knowledge base. */
    EXTRACTIVE,
    /** Written by the model from knowledge-base passages it cited. */
    GENERATIVE,
    /** Nothing in the knowledge base cleared the answer gate: "I don't know", a person offered. */
    DONT_KNOW,
    /** A step of a guided flow (a repair report, a status look-up, a contact left). */
    FLOW,
    /** A greeting, thanks or goodbye. */
    SMALL_TALK,
    /** Handed to a person from the office. */
    ESCALATED,
    /** Staff hold the conversation; the bot only said who will reply. */
    HELD,
    /** Safety instructions. */
    EMERGENCY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the knowledge base answered (what "answered vs don't know" counts as answered). */
    public boolean fromKnowledgeBase() {
        return this == EXTRACTIVE || this == GENERATIVE;
    }

    static AnswerKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
