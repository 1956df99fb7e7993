package app.porter.models;

import java.nio.file.Path;

import app.porter.access.Actor;
import app.porter.audit.AuditLog;
import app.porter.errors.Conflict;
import app.porter.inference.ModelRefusedException;

/** The rule {@link ModelManager} applies before a staff activation: not worse than the active model, or overridden. */
final class ActivationGate {

    private ActivationGate() {
    }

    /**
     * @throws Conflict ({@code model_worse}, with both pass rates) when the candidate does worse and no reason is given
     */
    static void admit(ActivationCheck check, String name, Path folder, Actor actor, String overrideReason,
                      AuditLog audit) throws ModelRefusedException {
        ActivationCheck.Rates rates = check.compare(name, folder);
        if (!rates.candidateWorse()) {
            return;
        }
        if (overrideReason == null || overrideReason.isBlank()) {
            throw new Conflict("model_worse", name + " was not activated: acceptance suites " + rates.describe()
                    + "; an admin may override with a reason");
        }
        audit.append(actor.who(), "model.activation.override", name,
                rates.describe() + "; reason: " + overrideReason.strip());
    }
}
