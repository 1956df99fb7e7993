package app.porter.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.ChatMessage;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.chat.StaffNote;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.errors.TooLarge;
import app.porter.escalation.Escalation;
import app.porter.escalation.Escalations;
import app.porter.escalation.ReplyContacts;
import app.porter.escalation.Sla;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.ScoredPassage;
import app.porter.privacy.Redactor;

/**
 * The office's inbox: escalated conversations in priority order with their SLA, and live takeover. An agent opens
 * a transcript (a staff read of the conversation, audited with the escalation as the reason), claims it (the bot
 * then stays quiet), replies (the reply reaches the tenant's open widget at once), keeps internal notes, sees
 * knowledge-base passages for the tenant's last question, and hands the conversation back to the bot.
 *
 * <p>Every action takes the {@link Actor} doing it and needs the admin or agent role; {@link Escalations} and this
 * class write the audit entries. The admin API and the console both come through here.
 */
public final class Inbox {

    /** Longest staff reply or note, in characters (as long as a tenant's message may be). */
    public static final int MAX_TEXT_CHARS = 4000;
    /** A preview is this many characters of the tenant's last message, redacted. */
    static final int PREVIEW_CHARS = 80;
    private static final int QUEUE_LIMIT = 500;
    private static final int SUGGESTIONS = 3;
    /** Messages looked at for a preview or a last question: enough to pass a few bot replies. */
    private static final int LOOK_BACK = 10;

    /**
     * One line of the queue.
     *
     * @param age how long ago it was raised
     * @param due when the first staff answer is due (the SLA)
     * @param breached unanswered past {@code due}, or first answered after it
     * @param unitId the tenant's unit, or null
     * @param language the language the conversation was opened in (BCP 47), or null
     * @param preview the tenant's last message, shortened, with personal data redacted; empty when there is none
     */
    public record Item(Escalation escalation, Duration age, Instant due, boolean breached, String unitId,
                       String language, String preview) {
    }

    /**
     * An escalation opened by staff.
     *
     * @param messages the whole conversation, decrypted (tenant, bot and staff messages)
     * @param notes internal notes, never shown to the tenant
     * @param suggestions knowledge-base passages for the tenant's last question, best first
     * @param replyContact the e-mail address or phone number the tenant left for the reply (outside office hours),
     *                     or null
     */
    public record Transcript(Item item, List<ChatMessage> messages, List<StaffNote> notes,
                             List<ScoredPassage> suggestions, String replyContact) {
    }

    private final Escalations escalations;
    private final Conversations conversations;
    private final ReplyContacts contacts;
    private final KnowledgeBase knowledge;
    private final Redactor redactor;
    private final AuditLog audit;
    private final Sla sla;
    private final Clock clock;

    public Inbox(Escalations escalations, Conversations conversations, ReplyContacts contacts,
                 KnowledgeBase knowledge, Redactor redactor, AuditLog audit, Sla sla, Clock clock) {
        this.escalations = escalations;
        this.conversations = conversations;
        this.contacts = contacts;
        this.knowledge = knowledge;
        this.redactor = redactor;
        this.audit = audit;
        this.sla = sla;
        this.clock = clock;
    }

    public Sla sla() {
        return sla;
    }

    /** Tenant event streams open right now, all conversations together (each widget that is open holds one). */
    public int liveStreams() {
        return conversations.events().open();
    }

    /** Escalations not yet resolved: emergencies first, then tenant requests, then flows; oldest first in each. */
    public List<Item> queue(Actor actor) {
        List<Item> items = new ArrayList<>();
        for (Escalation e : escalations.queue(actor, QUEUE_LIMIT)) {
            conversations.find(e.conversationId()).ifPresent(c -> items.add(item(e, c)));
        }
        return items;
    }

    /**
     * The escalation with its whole conversation, notes and suggested passages. A staff read of tenant data:
     * audited as {@code conversation.read} with the escalation as the stated reason.
     *
     * @throws NotFound for an unknown escalation, or one whose conversation was erased
     */
    public Transcript open(Actor actor, String escalationId) {
        actor.require("reading conversations", Role.ADMIN, Role.AGENT);
        Escalation e = escalation(escalationId);
        Conversation c = conversation(e);
        List<ChatMessage> messages = conversations.history(c);
        audit.append(actor.who(), "conversation.read", c.id(), "escalation/" + e.id());
        // The contact is what the tenant typed, read under the same audit entry as the rest of the transcript.
        return new Transcript(item(e, c), messages, conversations.staffSide().notes(c), suggestions(c, messages),
                contacts.of(c.id()).orElse(null));
    }

    /**
     * Takes the conversation over: from the tenant's next message the bot stays quiet, and their widget shows who
     * is answering.
     */
    public Escalation claim(Actor actor, String escalationId) {
        Escalation e = escalations.claim(actor, escalationId);
        conversations.staffSide().announceHeld(conversation(e), e.claim().displayName());
        return e;
    }

    /**
     * Sends {@code text} to the tenant as {@code actor} (signed with their display name); claims the escalation
     * first when nobody holds it. The reply and the claim are stored together; a refused claim stores nothing.
     *
     * @throws InvalidInput for an empty text ({@link TooLarge} for a too long one)
     * @throws app.porter.errors.Conflict when someone else holds the conversation, or it was handed back
     */
    public ChatMessage reply(Actor actor, String escalationId, String text) {
        actor.require("replying to tenants", Role.ADMIN, Role.AGENT);
        String body = text(text);
        Escalation before = escalation(escalationId);
        Conversation c = conversation(before);
        ChatMessage sent = escalations.reply(actor, escalationId,
                connection -> conversations.staffSide().postStaffReply(c, actor.displayName(), body));
        if (before.claim() == null) {
            conversations.staffSide().announceHeld(c, actor.displayName());
        }
        return sent;
    }

    /** Hands the conversation back to the bot, which answers the tenant's next message again. */
    public Escalation release(Actor actor, String escalationId) {
        Escalation e = escalations.release(actor, escalationId);
        conversations.staffSide().announceReleased(conversation(e));
        return e;
    }

    /** Adds an internal note (encrypted like the conversation; never shown to the tenant); audited. */
    public StaffNote note(Actor actor, String escalationId, String text) {
        actor.require("writing notes", Role.ADMIN, Role.AGENT);
        String body = text(text);
        Escalation e = escalation(escalationId);
        StaffNote note = conversations.staffSide().addNote(conversation(e), actor.who(), body);
        audit.append(actor.who(), "escalation.note.added", "escalation/" + e.id());
        return note;
    }

    private Item item(Escalation e, Conversation c) {
        String preview = lastTenantMessage(conversations.recent(c, LOOK_BACK))
                .map(this::preview).orElse("");
        Instant now = clock.instant();
        return new Item(e, Duration.between(e.createdAt(), now), sla.due(e), sla.breached(e, now), c.unitId(),
                c.language() == null ? null : c.language().tag(), preview);
    }

    /** Redacted first, then shortened: a cut must not leave half an e-mail address readable. */
    private String preview(String text) {
        String redacted = redactor.redact(text).text().strip().replaceAll("\\s+", " ");
        return redacted.length() <= PREVIEW_CHARS ? redacted
                : redacted.substring(0, PREVIEW_CHARS - 1).strip() + "\u2026";
    }

    private List<ScoredPassage> suggestions(Conversation c, List<ChatMessage> messages) {
        // Retrieval as the knowledge stage runs it (the tenant's scope and language), without the answer gate:
        // staff judge the passages themselves.
        return lastTenantMessage(messages)
                .map(q -> knowledge.search(q, null, c.scope(), SUGGESTIONS, c.language()))
                .orElse(List.of());
    }

    private static Optional<String> lastTenantMessage(List<ChatMessage> messages) {
        for (ChatMessage m : messages.reversed()) {
            if (m.role().equals("tenant")) {
                return Optional.of(m.text());
            }
        }
        return Optional.empty();
    }

    private Escalation escalation(String id) {
        return escalations.find(id).orElseThrow(() -> new NotFound("no such escalation"));
    }

    private Conversation conversation(Escalation e) {
        return conversations.find(e.conversationId())
                .orElseThrow(() -> new NotFound("the conversation of this escalation was erased"));
    }

    private static String text(String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new InvalidInput("\"text\" must not be empty");
        }
        if (body.length() > MAX_TEXT_CHARS) {
            throw new TooLarge("a text may be at most " + MAX_TEXT_CHARS + " characters");
        }
        return body;
    }
}
