package app.porter.analytics;

import java.util.Locale;

/** What an analytics event records. Stored by {@link #id()}; nothing about it comes from what a tenant wrote. */
public enum EventKind {
    /** A tenant started a conversation. */
    CONVERSATION_STARTED,
    /** A tenant sent a message (stored and routed). */
    MESSAGE,
    /** Porter answered a message; detail: the {@link AnswerKind}, value: reply latency in ms. */
    ANSWER,
    /** A maintenance flow ended in a ticket. */
    TICKET_CREATED,
    /** A conversation was handed to staff; detail: the reason ({@code emergency}, {@code tenant-request}, {@code flow}). */
    ESCALATION,
    /** Staff first answered an escalated tenant; detail: the reason, value: ms since the escalation was raised. */
    FIRST_STAFF_REPLY,
    /** An emergency was recognised (once per emergency escalation); detail: what kind ({@code gas}, {@code fire}...). */
    EMERGENCY,
    /** A tenant rated an answer up. */
    THUMB_UP,
    /** A tenant rated an answer down. */
    THUMB_DOWN,
    /**
     * A tenant changed an earlier rating of an answer; detail: the rating withdrawn ({@code up} or {@code down}),
     * taken off that rating's count (the new rating is its own THUMB_UP or THUMB_DOWN).
     */
    THUMB_WITHDRAWN,
    /** A tenant's one-question satisfaction score; value: 1 to 5. */
    CSAT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static EventKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
