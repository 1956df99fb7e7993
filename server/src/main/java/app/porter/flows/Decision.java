package app.porter.flows;

import java.util.ArrayList;
import java.util.List;

import app.porter.knowledge.ScoredPassage;
import app.porter.language.Language;
import app.porter.tickets.NewTicket;

/**
 * What a {@link Stage} decided for one message: the answer, the conversation's next state, and what else must
 * happen (staff alerted, a ticket opened). Nothing is written while stages decide; {@link Router} applies all of
 * it in one transaction once the message is admitted, so a refused message (429) leaves no trace.
 *
 * @param outcome what answers the tenant
 * @param session the conversation's state after this message
 * @param effects what else happens, in order
 */
public record Decision(Outcome outcome, FlowSession session, List<Effect> effects) {

    /** Where a {@link Reply} text puts the reference of the ticket an {@link OpenTicket} effect opens. */
    public static final String TICKET_REFERENCE = "\u2063ticket-reference\u2063";

    public Decision {
        effects = List.copyOf(effects);
    }

    /** What answers the tenant. */
    public sealed interface Outcome permits Reply, Knowledge {
        Language language();
    }

    /**
     * How a {@link Reply} came about; maps onto the HTTP contract's {@code mode} (small talk is a {@code flow}
     * there, and counted apart only by analytics).
     */
    public enum Kind { FLOW, SMALL_TALK, EMERGENCY, ESCALATED, HUMAN }

    /**
     * Porter answers itself: a flow step, safety instructions, a hand-over, or (while staff hold the conversation)
     * only a line that the person will reply. {@code form} may be null.
     */
    public record Reply(String text, Kind kind, Form form, Language language) implements Outcome {
    }

    /**
     * The knowledge base answers from {@code passages} (those that cleared the answer gate, best first; none:
     * "I don't know", which needs no model). {@code followUp} and {@code form}, when not null, come after the
     * answer: the flow the tenant stepped out of offered again, or a person offered.
     */
    public record Knowledge(List<ScoredPassage> passages, String followUp, Form form, Language language)
            implements Outcome {
        public Knowledge {
            passages = List.copyOf(passages);
        }
    }

    /** Something that happens besides the answer. */
    public sealed interface Effect permits Escalate, OpenTicket, LeaveContact, Audited {
    }

    /** Staff are alerted: {@code reason} {@code emergency}, {@code tenant-request} or {@code flow}. */
    public record Escalate(String reason, String kind) implements Effect {
    }

    /** The tenant left an e-mail address or phone number for staff's reply (stored sealed with the escalation). */
    public record LeaveContact(String contact) implements Effect {
        @Override
        public String toString() {
            return "LeaveContact[sealed]"; // what the tenant typed never reaches a log line
        }
    }

    /**
     * An entry in the audit log about the conversation, written with the rest of the decision: {@code action} and a
     * {@code detail} that names a rule, never what the tenant wrote.
     */
    public record Audited(String action, String detail) implements Effect {
    }

    /** A maintenance ticket is opened; its reference replaces {@link #TICKET_REFERENCE} in the reply. */
    public record OpenTicket(NewTicket ticket) implements Effect {
    }

    public static Decision of(Outcome outcome, FlowSession session) {
        return new Decision(outcome, session, List.of());
    }

    /** Whether a language model may be needed for the answer (so a place in its queue must be taken first). */
    public boolean needsAnswerer() {
        return outcome instanceof Knowledge k && !k.passages().isEmpty();
    }

    public Decision with(Outcome other) {
        return new Decision(other, session, effects);
    }

    public Decision with(FlowSession other) {
        return new Decision(outcome, other, effects);
    }

    public Decision and(Effect effect) {
        List<Effect> all = new ArrayList<>(effects);
        all.add(effect);
        return new Decision(outcome, session, all);
    }
}
