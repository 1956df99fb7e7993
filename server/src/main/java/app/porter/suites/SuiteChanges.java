package app.porter.suites;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What changed between a suite's run and the one before it: the scenarios that flipped between pass and fail.
 * Only failed scenario names are kept per run, so a scenario absent from the previous run counts as having passed.
 */
public final class SuiteChanges {

    /** How a scenario's result moved since the previous run. */
    public enum Change { NOW_FAILS, NOW_PASSES, SAME, FIRST_RUN }

    private SuiteChanges() {
    }

    /** Each scenario of {@code run} by name, with how it changed since {@code previous}. */
    public static Map<String, Change> since(Suites.Run run, Optional<Suites.Past> previous) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (Suites.Outcome outcome : run.scenarios()) {
            Change change = previous.map(p -> {
                boolean failedBefore = p.failed().contains(outcome.name());
                if (failedBefore == outcome.passed()) {
                    return outcome.passed() ? Change.NOW_PASSES : Change.NOW_FAILS;
                }
                return Change.SAME;
            }).orElse(Change.FIRST_RUN);
            changes.put(outcome.name(), change);
        }
        return changes;
    }
}
