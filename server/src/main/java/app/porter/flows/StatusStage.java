package app.porter.flows;

/** A message that names a ticket reference, or asks about a ticket's status, is answered from the tickets. */
final class StatusStage implements Stage {

    private final StatusLookup status;

    StatusStage(StatusLookup status) {
        this.status = status;
    }

    @Override
    public Decision decide(Turn turn, Next next) {
        if (StatusLookup.mentionsReference(turn.message(), turn.property()) || turn.message().hasIntent("status")) {
            return status.lookup(turn, turn.session());
        }
        return next.decide(turn);
    }
}
