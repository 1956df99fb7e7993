package app.porter.flows;

import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;

/**
 * First on every message, even in the middle of a flow: an emergency gets the safety instructions with the
 * property's numbers at once, and on-call staff are alerted. A bare "emergency" that is the urgency button of the
 * flow in progress is left to the flow, whose own branch hands over with what the tenant already told.
 */
final class EmergencyStage implements Stage {

    private final EmergencyLayer emergencies;
    private final FlowSteps steps;

    EmergencyStage(EmergencyLayer emergencies, FlowSteps steps) {
        this.emergencies = emergencies;
        this.steps = steps;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        EmergencyLayer.Detection emergency = turn.message().emergency();
        if (emergency == null || isButtonAnswer(turn, emergency)) {
            return next.decide(turn);
        }
        return Decision.of(new Reply(emergencies.instructions(emergency, turn.language(), turn.property()),
                        Kind.EMERGENCY, null, turn.language()), turn.session().withEmergency(emergency.kind()))
                .and(new Decision.Escalate("emergency", emergency.kind()));
    }

    private boolean isButtonAnswer(Turn turn, EmergencyLayer.Detection detection) {
        FlowSession session = turn.session();
        if (!detection.kind().equals("general") || !session.inFlow() || FlowSteps.CHANGE_STEP.equals(session.step())) {
            return false;
        }
        FlowDefinition flow = steps.flow(turn.propertyId(), session.flowId());
        return steps.slots().read(flow, flow.step(session.step()), turn.message().text(),
                        turn.property().phoneRegion())
                .filter(v -> !v.startsWith(Slots.TYPED)).isPresent();
    }
}
