package app.porter.flows;

import java.util.List;

/**
 * One step of routing a tenant message, composed into a pipeline the way samplers are: each stage either decides
 * the message itself or hands it to the stages after it ({@code next}), and may adjust what they decide (a flow
 * offers itself again after an aside; an expired flow's notice goes first). Stages only decide; {@link Router}
 * applies the decision. The appliance's order: emergency, held by staff, policy topics (always a person), pending
 * offer, active flow, status look-up, intents, knowledge.
 */
@FunctionalInterface
public interface Stage {

    Decision decide(Turn turn, Next next);

    /** The stages after this one. */
    @FunctionalInterface
    interface Next {
        Decision decide(Turn turn);
    }

    /**
     * The stages in order, as one. The last one must always decide: running past it is a bug in the pipeline,
     * not something a tenant can cause.
     */
    static Next chain(List<Stage> stages) {
        Next next = turn -> {
            throw new IllegalStateException("no stage decided the message");
        };
        for (Stage stage : stages.reversed()) {
            Next after = next;
            next = turn -> stage.decide(turn, after);
        }
        return next;
    }
}
