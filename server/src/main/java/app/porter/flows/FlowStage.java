package app.porter.flows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.porter.flows.Decision.Knowledge;
import app.porter.flows.Decision.Reply;
import app.porter.flows.FlowDefinition.SlotType;
import app.porter.flows.FlowDefinition.Step;
import app.porter.language.Language;

/**
 * The flow in progress: a valid answer moves it on; "cancel" leaves it; a side question is handed to the stages
 * after this one and the flow offered again after their answer; anything else is re-asked with help. A flow left
 * idle is offered again ("continue?") instead of assumed, and one left too long expires.
 */
final class FlowStage implements Stage {

    private final FlowSteps steps;
    private final FlowsConfig.Timeouts timeouts;

    FlowStage(FlowSteps steps, FlowsConfig.Timeouts timeouts) {
        this.steps = steps;
        this.timeouts = timeouts;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        FlowSession session = turn.session();
        if (!session.inFlow()) {
            return next.decide(turn);
        }
        Texts texts = steps.texts();
        String text = turn.message().text();
        FlowDefinition flow = steps.flow(turn.propertyId(), session.flowId());
        Duration idle = Duration.between(session.flowUpdatedAt(), turn.now());
        if (idle.compareTo(timeouts.expireAfter()) > 0) {
            String notice = texts.in("expired", turn.language(), steps.values(turn, flow));
            Decision after = next.decide(turn.with(session.withoutFlow()));
            return switch (after.outcome()) {
                case Reply r -> after.with(new Reply(notice + "\n\n" + r.text(), r.kind(), r.form(), r.language()));
                case Knowledge k -> after; // the expiry notice is not worth burying a handbook answer under
            };
        }
        if (texts.is("cancel", text)) {
            return steps.cancelled(turn, session, flow);
        }
        if (turn.offered() instanceof Offer.Resume) {
            if (texts.is("continue", text) || texts.is("yes", text)) {
                return steps.ask(turn, session.atStep(flow.id(), session.step(), session.returnTo(), 0,
                        session.slots(), turn.now()), flow, null);
            }
            if (texts.is("restart", text) || texts.is("no", text)) {
                return Decision.of(FlowSteps.reply(texts.in("resume-discarded", turn.language(),
                        steps.values(turn, flow)), null, turn.language()), session.withoutFlow());
            }
        }
        boolean idled = idle.compareTo(timeouts.idleAfter()) > 0;
        return answer(turn, flow, idled).orElseGet(() -> aside(turn, next, flow, idled));
    }

    /** The answer to the current step, if the message is one; empty when it is not. */
    private Optional<Decision> answer(Turn turn, FlowDefinition flow, boolean idle) {
        FlowSession session = turn.session();
        Message message = turn.message();
        if (FlowSteps.CHANGE_STEP.equals(session.step())) {
            Optional<Step> target = steps.changeTarget(flow, session, turn.language(), message);
            if (target.isEmpty()) {
                return idle ? Optional.empty() : Optional.of(steps.reask(turn, session, flow));
            }
            return Optional.of(steps.ask(turn, session.atStep(flow.id(), target.get().id(), null, 0, session.slots(),
                    turn.now()), flow, null));
        }
        Step step = flow.step(session.step());
        if (step.type() == SlotType.TEXT && message.question() && !message.hasIntent("maintenance")) {
            return Optional.empty(); // a question while describing the problem: answer it, then come back
        }
        Optional<String> value = steps.slots().read(flow, step, message.text(), turn.property().phoneRegion());
        if (value.isPresent() && value.get().startsWith(Slots.TYPED) && step.type() != SlotType.WINDOW
                && message.question()) {
            return Optional.empty(); // "When is rent due?" is not where the leak is: answer it, then come back
        }
        if (value.isEmpty()) {
            boolean aside = idle || message.question()
                    || message.intent() != null && !message.hasIntent("maintenance");
            return aside ? Optional.empty() : Optional.of(steps.reask(turn, session, flow));
        }
        if (step.type() == SlotType.CONFIRM) {
            return Optional.of(steps.confirm(turn, session, flow, step, value.get()));
        }
        Map<String, String> filled = session.slotsWith(step.id(), value.get());
        String next = FlowSteps.skipFilled(flow, step.after(value.get()), filled);
        if (next == null) {
            return Optional.of(steps.cancelled(turn, session, flow));
        }
        FlowSession moved = session.atStep(flow.id(), next, null, 0, filled, turn.now());
        Step nextStep = flow.step(next);
        if (nextStep.type() == SlotType.END) {
            return Optional.of(steps.end(turn, moved, flow, nextStep));
        }
        return Optional.of(steps.ask(turn, moved, flow, null));
    }

    /** Not an answer to the step: the stages after this one answer it, then the flow is offered again. */
    private Decision aside(Turn turn, Next next, FlowDefinition flow, boolean idle) {
        FlowSession session = turn.session();
        Decision handled = next.decide(turn.with(session.withoutFlow()));
        if (handled.session().inFlow()) {
            return handled; // the message started a flow of its own, which replaces the old one
        }
        Language lang = turn.language();
        Texts texts = steps.texts();
        Map<String, String> values = steps.values(turn, flow);
        // The flow as it was, keeping what the aside offered (e.g. a status look-up asking for the apartment); a
        // person offered after a knowledge answer is not: the flow's own question is what comes next.
        Offer offer = idle ? Offer.RESUME : handled.outcome() instanceof Knowledge ? null : handled.session().offer();
        FlowSession restored = session.withOffer(offer);
        String followUp;
        Form form;
        if (idle) {
            followUp = texts.in("resume-offer", lang, values);
            form = new Form(followUp, List.of(
                    new Form.Option("continue", texts.get("option.continue").in(lang)),
                    new Form.Option("discard", texts.get("option.discard").in(lang))), "choice", false);
        } else if (FlowSteps.CHANGE_STEP.equals(session.step())) {
            followUp = texts.in("come-back", lang, values) + "\n" + texts.in("change-which", lang, Map.of());
            form = steps.changeForm(flow, session, lang);
        } else {
            Step step = flow.step(session.step());
            String prompt = step.prompt().in(lang, values);
            followUp = texts.in("come-back", lang, values) + "\n" + prompt;
            form = steps.slots().form(step, lang, prompt);
        }
        Decision.Outcome outcome = switch (handled.outcome()) {
            case Knowledge k -> new Knowledge(k.passages(), followUp, form, lang);
            case Reply r -> new Reply(r.text() + "\n\n" + followUp, r.kind(), form, lang);
        };
        return new Decision(outcome, restored, handled.effects());
    }
}
