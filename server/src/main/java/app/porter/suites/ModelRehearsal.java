package app.porter.suites;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import app.porter.chat.Answerer;
import app.porter.inference.ActiveModel;
import app.porter.inference.ModelRefusedException;
import app.porter.models.ActivationCheck;

/**
 * The activation gate: the candidate model is loaded into a scratch {@link ActiveModel} (beside the serving one,
 * which keeps answering tenants) and the suites are rehearsed twice, once answered by the serving answerer and
 * once by an answerer over the scratch model. Nothing is recorded; the scratch model is closed afterwards.
 */
public final class ModelRehearsal implements ActivationCheck {

    private final Suites suites;
    private final Supplier<ActiveModel> scratch;
    private final Function<ActiveModel, Answerer> answererFor;

    /**
     * @param scratch a new, empty holder with the serving model's engine settings
     * @param answererFor the serving answerer's kind and settings, over another model
     */
    public ModelRehearsal(Suites suites, Supplier<ActiveModel> scratch,
                          Function<ActiveModel, Answerer> answererFor) {
        this.suites = suites;
        this.scratch = scratch;
        this.answererFor = answererFor;
    }

    @Override
    public Rates compare(String name, Path modelFolder) throws ModelRefusedException {
        List<Suite> all = suites.files().loadAll();
        double active = suites.passRate(all, null);
        try (ActiveModel candidate = scratch.get()) {
            candidate.load(name, modelFolder);
            return new Rates(active, suites.passRate(all, answererFor.apply(candidate)));
        }
    }
}
