package app.porter.flows;

import app.porter.flows.Decision.Kind;
import app.porter.flows.Decision.Reply;

/**
 * First on every message, even in the middle of a flow: an emergency gets the safety instructions with the
 * property's numbers at once (from its settings, or failing those from its documents: {@link
 * DocumentedEmergencyLine}), and on-call staff are alerted. A bare "emergency" that is the urgency button of the
 * flow in progress is left to the flow, whose own branch hands over with what the tenant already told.
 */
final class EmergencyStage implements Stage {

    private final EmergencyLayer emergencies;
    private final FlowSteps steps;
    private final DocumentedEmergencyLine.Lookup documented;

    /** @param documented the property's number from its documents, for a property whose settings have none */
    EmergencyStage(EmergencyLayer emergencies, FlowSteps steps, DocumentedEmergencyLine.Lookup documented) {
        this.emergencies = emergencies;
        this.steps = steps;
        this.documented = documented;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        EmergencyLayer.Detection emergency = turn.message().emergency();
        if (emergency == null || isButtonAnswer(turn, emergency)) {
            return next.decide(turn);
        }
        return Decision.of(new Reply(emergencies.instructions(emergency, turn.language(), withNumber(turn)),
                        Kind.EMERGENCY, null, turn.language()), turn.session().withEmergency(emergency.kind()))
                .and(new Decision.Escalate("emergency", emergency.kind()));
    }

    /**
     * The property's settings, with the number its documents give when the settings name none: the safety answer
     * always carries the property's number when one is written anywhere Porter can read.
     */
    private PropertySettings withNumber(Turn turn) {
        PropertySettings property = turn.property();
        if (property.hasEmergencyLine()) {
            return property;
        }
        return documented.find(turn.scope(), property.phoneRegion()).map(property::withEmergencyLine)
                .orElse(property);
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
