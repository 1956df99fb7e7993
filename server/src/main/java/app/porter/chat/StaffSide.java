package app.porter.chat;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * What staff do in a tenant's conversation, apart from the tenant's own side of it ({@link Conversations}): their
 * replies, which reach the tenant's open widget at once; the takeover and hand-back; news of a ticket; and internal
 * notes, which never reach the tenant. Callers have checked the staff member's role.
 */
public final class StaffSide {

    private final ConversationStore store;
    private final StaffNotes notes;
    private final ConversationEvents events;
    private final Clock clock;

    StaffSide(ConversationStore store, StaffNotes notes, ConversationEvents events, Clock clock) {
        this.store = store;
        this.notes = notes;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a staff reply to the tenant (role {@code staff}, {@code author} sealed with the text) and, once it is
     * committed, sends it to the tenant's open event streams. Joins the caller's transaction, so the inbox stores
     * the reply and its claim together. The caller has checked the staff member's role.
     *
     * @param author the name the person signs with, as the tenant sees it
     */
    public ChatMessage postStaffReply(Conversation conversation, String author, String text) {
        ChatMessage reply = new ChatMessage(UUID.randomUUID().toString(), "staff", text, null, List.of(),
                clock.instant(), author);
        int seq = store.append(conversation, reply);
        store.afterCommit(() -> events.publish(conversation.id(), new ConversationEvents.Event(seq, "message",
                EventJson.message(reply))));
        return reply;
    }

    /** Tells the tenant's open streams that {@code displayName} now answers them (the bot is quiet). */
    public void announceHeld(Conversation conversation, String displayName) {
        events.publish(conversation.id(), new ConversationEvents.Event(store.lastSeq(conversation), "held",
                EventJson.held(displayName)));
    }

    /**
     * Tells the tenant's open streams that their ticket {@code reference} moved to {@code status} (the status
     * only: staff notes never reach the tenant). Live only: a closed widget learns it by asking for the status.
     */
    public void announceTicket(String conversationId, String reference, String status) {
        store.find(conversationId).ifPresent(conversation -> events.publish(conversation.id(),
                new ConversationEvents.Event(store.lastSeq(conversation), "ticket",
                        EventJson.ticket(reference, status))));
    }

    /** Tells the tenant's open streams that the bot answers again. */
    public void announceReleased(Conversation conversation) {
        events.publish(conversation.id(), new ConversationEvents.Event(store.lastSeq(conversation), "released",
                EventJson.released()));
    }

    /**
     * Staff replies after event {@code lastEventId}, oldest first: what a reconnecting stream missed.
     */
    public List<ConversationEvents.Event> staffRepliesAfter(Conversation conversation, int lastEventId) {
        return store.after(conversation, lastEventId, "staff").stream()
                .map(s -> new ConversationEvents.Event(s.seq(), "message", EventJson.message(s.message())))
                .toList();
    }

    /** The sequence number of the conversation's newest message (the id of a stream's state event). */
    public int lastEventId(Conversation conversation) {
        return store.lastSeq(conversation);
    }

    /** Adds an internal note: never shown to the tenant. The caller has checked the staff member's role. */
    public StaffNote addNote(Conversation conversation, String author, String text) {
        StaffNote note = new StaffNote(UUID.randomUUID().toString(), author, text, clock.instant());
        notes.add(conversation, note);
        return note;
    }

    /** The conversation's internal notes, oldest first, for staff. */
    public List<StaffNote> notes(Conversation conversation) {
        return notes.list(conversation);
    }
}
