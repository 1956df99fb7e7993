package app.porter.flows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;
import app.porter.flows.FlowDefinition.SlotType;
import app.porter.flows.FlowDefinition.Step;
import app.porter.language.Language;
import app.porter.tickets.TicketDraft;

/**
 * What a guided flow says and where it goes next: starting one, prompting a step (with the summary before the
 * confirm step), re-asking with help, changing an answer, finishing with a ticket or a hand-over. Shared by the
 * stages that start flows and the stage that carries one on; every method only decides.
 */
final class FlowSteps {

    /** The pseudo-step "which answer would you like to change?". */
    static final String CHANGE_STEP = "_change";
    private static final int STILL_STUCK_AFTER = 2;

    private final FlowLibrary flows;
    private final Texts texts;
    private final Slots slots;
    private final Language firmLanguage;

    /** @param firmLanguage the language ticket summaries for staff are written in */
    FlowSteps(FlowLibrary flows, Texts texts, Slots slots, Language firmLanguage) {
        this.flows = flows;
        this.texts = texts;
        this.slots = slots;
        this.firmLanguage = firmLanguage;
    }

    FlowDefinition flow(String propertyId, String flowId) {
        return flows.get(propertyId, flowId);
    }

    Texts texts() {
        return texts;
    }

    Slots slots() {
        return slots;
    }

    /**
     * Starts {@code flowId}: what the first message already says (a category, where) fills those slots, which
     * the tenant confirms in the summary; a message that names the problem is kept as its description.
     */
    Decision start(Turn turn, FlowSession session, String flowId) {
        FlowDefinition flow = flows.get(turn.propertyId(), flowId);
        Message message = turn.message();
        Map<String, String> prefilled = new LinkedHashMap<>();
        Step start = flow.step(flow.start());
        if (start.type() == SlotType.CHOICE) {
            Slots.byKeywords(flow, start.options(), message.text()).ifPresent(o -> prefilled.put(start.id(), o.value()));
        }
        if (prefilled.containsKey(start.id())) {
            for (Step step : flow.steps().values()) {
                if (step.type() == SlotType.CHOICE && !step.id().equals(start.id()) && step.allowOther()) {
                    Slots.byKeywords(flow, step.options(), message.text())
                            .ifPresent(o -> prefilled.put(step.id(), o.value()));
                }
                if (step.type() == SlotType.TEXT && describesProblem(message)) {
                    prefilled.putIfAbsent(step.id(), Slots.TYPED + message.text().strip());
                }
            }
        }
        String first = skipFilled(flow, flow.start(), prefilled);
        FlowSession started = session.atStep(flow.id(), first, null, 0, prefilled, turn.now());
        Language lang = turn.language();
        String intro = flow.intro() == null ? null : flow.intro().in(lang, values(turn, flow));
        return ask(turn, started, flow, intro);
    }

    /** Four words or more (four Han characters): enough to be the problem's description. */
    private static boolean describesProblem(Message message) {
        return message.text().strip().split("\\s+").length >= 4 || message.normalized().codePoints()
                .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count() >= 4;
    }

    /** Prompts the session's current step (with the summary for a confirm step). */
    Decision ask(Turn turn, FlowSession session, FlowDefinition flow, String intro) {
        Language lang = turn.language();
        Step step = flow.step(session.step());
        String prompt = step.prompt().in(lang, values(turn, flow));
        StringBuilder text = new StringBuilder();
        if (intro != null) {
            text.append(intro).append("\n\n");
        }
        if (step.type() == SlotType.CONFIRM) {
            text.append(summary(flow, session.slots(), lang)).append("\n\n");
        }
        text.append(prompt);
        return Decision.of(reply(text.toString(), slots.form(step, lang, prompt), lang), session);
    }

    /** The current step again, with help for what was wrong, and a way out after a few tries. */
    Decision reask(Turn turn, FlowSession session, FlowDefinition flow) {
        Language lang = turn.language();
        FlowSession again = session.withAttempts(session.attempts() + 1);
        Map<String, String> values = values(turn, flow);
        if (CHANGE_STEP.equals(session.step())) {
            return Decision.of(reply(texts.in("reask.choice", lang, values) + "\n" + texts.in("change-which", lang,
                    values), changeForm(flow, session, lang), lang), again);
        }
        Step step = flow.step(session.step());
        String help = texts.in("reask." + helpKey(step), lang, values);
        if (again.attempts() >= STILL_STUCK_AFTER) {
            help = help + " " + texts.in("still-stuck", lang, values);
        }
        String prompt = step.prompt().in(lang, values);
        return Decision.of(reply(help + "\n" + prompt, slots.form(step, lang, prompt), lang), again);
    }

    /** The tenant's choice at the summary: submit (a ticket is opened), change an answer, or cancel. */
    Decision confirm(Turn turn, FlowSession session, FlowDefinition flow, Step step, String choice) {
        Language lang = turn.language();
        Map<String, String> values = values(turn, flow);
        switch (choice) {
            case "submit": {
                Map<String, String> done = new HashMap<>(values);
                done.put("reference", Decision.TICKET_REFERENCE);
                return Decision.of(reply(step.message().in(lang, done), null, lang), session.withoutFlow())
                        .and(new Decision.OpenTicket(ticket(turn, session, flow).build()));
            }
            case "change": {
                FlowSession changing = session.atStep(flow.id(), CHANGE_STEP, step.id(), 0, session.slots(),
                        turn.now());
                return Decision.of(reply(texts.in("change-which", lang, Map.of()), changeForm(flow, changing, lang),
                        lang), changing);
            }
            default:
                return cancelled(turn, session, flow);
        }
    }

    Decision cancelled(Turn turn, FlowSession session, FlowDefinition flow) {
        return Decision.of(reply(texts.in("cancelled", turn.language(), values(turn, flow)), null, turn.language()),
                session.withoutFlow());
    }

    /**
     * An end step: its message, and staff alerted when it hands over. A hand-over to the office says when to expect
     * the reply (office hours); one to on-call staff (an emergency) promises the emergency line, at any hour.
     */
    Decision end(Turn turn, FlowSession session, FlowDefinition flow, Step step) {
        Language lang = turn.language();
        String text = step.message() == null ? "" : step.message().in(lang, values(turn, flow));
        if ("escalate-on-call".equals(step.action())) {
            return Decision.of(new Reply(text, Kind.ESCALATED, null, lang), session.withoutFlow())
                    .and(new Decision.Escalate("flow", flow.id()));
        }
        if ("escalate".equals(step.action())) {
            return OfficeNotice.handOver(turn, session.withoutFlow(), texts, text, Kind.ESCALATED)
                    .and(new Decision.Escalate("flow", flow.id()));
        }
        return Decision.of(reply(text, null, lang), session.withoutFlow());
    }

    /** "Which answer would you like to change?", with the answers given so far as options. */
    Form changeForm(FlowDefinition flow, FlowSession session, Language lang) {
        List<Form.Option> options = new ArrayList<>();
        for (Step step : flow.path(session.slots())) {
            if (step.summary() != null && session.slots().containsKey(step.id())) {
                options.add(new Form.Option(step.id(), step.summary().in(lang)));
            }
        }
        return new Form(texts.in("change-which", lang, Map.of()), options, "choice", false);
    }

    Optional<Step> changeTarget(FlowDefinition flow, FlowSession session, Language lang, Message message) {
        Form form = changeForm(flow, session, lang);
        String folded = Text.folded(message.text());
        for (int i = 0; i < form.options().size(); i++) {
            Form.Option o = form.options().get(i);
            if (o.value().equals(message.text().strip()) || Text.folded(o.label()).equals(folded)
                    || folded.equals(String.valueOf(i + 1))) {
                return Optional.of(flow.step(o.value()));
            }
        }
        return Optional.empty();
    }

    /** From {@code stepId}, the first step whose slot is still empty (a confirm or end step is never skipped). */
    static String skipFilled(FlowDefinition flow, String stepId, Map<String, String> filled) {
        String current = stepId;
        int guard = 0;
        while (current != null && filled.containsKey(current) && guard++ < flow.steps().size()) {
            Step step = flow.step(current);
            if (step.type() == SlotType.CONFIRM || step.type() == SlotType.END) {
                break;
            }
            current = step.after(filled.get(current));
        }
        return current;
    }

    /** The property's placeholders and the flow's title, for a flow's texts. */
    Map<String, String> values(Turn turn, FlowDefinition flow) {
        Map<String, String> all = new HashMap<>(turn.property().placeholders());
        all.put("flow", flow.title().in(turn.language()));
        return all;
    }

    static Reply reply(String text, Form form, Language lang) {
        return new Reply(text, Kind.FLOW, form, lang);
    }

    private String summary(FlowDefinition flow, Map<String, String> filled, Language lang) {
        StringBuilder summary = new StringBuilder();
        for (Step step : flow.path(filled)) {
            String value = filled.get(step.id());
            if (step.summary() != null && value != null) {
                if (!summary.isEmpty()) {
                    summary.append('\n');
                }
                summary.append("\u2022 ").append(step.summary().in(lang)).append(": ")
                        .append(slots.display(step, value, lang));
            }
        }
        return summary.toString();
    }

    /**
     * The ticket the tenant's answers make: only the answers on the path they took count; labels and chosen
     * options in the firm's language for staff, what the tenant typed as they typed it.
     */
    private TicketDraft ticket(Turn turn, FlowSession session, FlowDefinition flow) {
        TicketDraft draft = new TicketDraft(turn.propertyId(), turn.property().ticketPrefix(), turn.conversationId(),
                turn.language(), firmLanguage);
        for (Step step : flow.path(session.slots())) {
            String value = session.slots().get(step.id());
            if (value != null) {
                boolean typed = value.startsWith(Slots.TYPED);
                draft.answer(step.id(), typed ? value.substring(Slots.TYPED.length()) : value,
                        slots.display(step, value, firmLanguage),
                        step.summary() == null ? null : step.summary().in(firmLanguage));
            }
        }
        return draft;
    }

    private static String helpKey(Step step) {
        return switch (step.type()) {
            case CHOICE -> "choice";
            case YESNO -> "yesno";
            case UNIT -> "unit";
            case WINDOW -> "window";
            case PHONE -> "phone";
            case EMAIL -> "email";
            case CONFIRM -> "confirm";
            default -> "text";
        };
    }
}
