package app.porter.models;

import java.nio.file.Path;

import app.porter.inference.ModelRefusedException;

/**
 * What a model must show before staff may activate it: the acceptance suites' pass rate with it answering, beside
 * the active model's. Implemented where the suites live ({@code suites.ModelRehearsal}); models know nothing of
 * suites.
 */
public interface ActivationCheck {

    /** The share of suite scenarios passed (0..1) by the active model and by the candidate. */
    record Rates(double active, double candidate) {
        public boolean candidateWorse() {
            return candidate < active;
        }

        public String describe() {
            return "pass rate " + percent(candidate) + " against the active model's " + percent(active);
        }

        private static String percent(double rate) {
            return Math.round(rate * 1000) / 10.0 + "%";
        }
    }

    /**
     * Rehearses the suites with the model in {@code folder} answering, without making it active.
     *
     * @throws ModelRefusedException when the candidate cannot be loaded
     */
    Rates compare(String name, Path folder) throws ModelRefusedException;
}
