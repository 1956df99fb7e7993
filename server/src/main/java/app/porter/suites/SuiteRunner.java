package app.porter.suites;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import app.porter.chat.Answer;
import app.porter.chat.Answerer;
import app.porter.chat.Citation;
import app.porter.chat.Conversations;
import app.porter.chat.Rehearsal;
import app.porter.flows.Decision;
import app.porter.knowledge.Scope;

/**
 * Runs a suite's scenarios as rehearsals ({@link Rehearsal}): every turn routed and answered as a tenant's would be,
 * nothing stored, nobody alerted. A scenario passes when every expectation of every turn holds; a failure says
 * which turn, what was expected and what happened.
 */
final class SuiteRunner {

    /** One scenario's result. */
    record ScenarioResult(String name, boolean passed, List<String> failures) {
        ScenarioResult {
            failures = List.copyOf(failures);
        }
    }

    private static final int QUOTE = 160;

    private final Conversations conversations;
    /** Who answers the rehearsals: null for the serving answerer, else a candidate model's. */
    private final Answerer answerer;

    SuiteRunner(Conversations conversations, Answerer answerer) {
        this.conversations = conversations;
        this.answerer = answerer;
    }

    /** Runs every scenario, reporting each result to {@code progress} as it is known. */
    List<ScenarioResult> run(Suite suite, Consumer<ScenarioResult> progress) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Suite.Scenario scenario : suite.scenarios()) {
            ScenarioResult result = run(scenario);
            results.add(result);
            progress.accept(result);
        }
        return results;
    }

    private ScenarioResult run(Suite.Scenario scenario) {
        Scope scope = new Scope(scenario.propertyId(), scenario.unitId());
        Rehearsal rehearsal = answerer == null ? conversations.rehearse(scope, scenario.language())
                : conversations.rehearse(scope, scenario.language(), answerer);
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Suite.Step step : scenario.turns()) {
            n++;
            String at = "turn " + n + " (\"" + shorten(step.say(), 60) + "\")";
            Rehearsal.Turn turn;
            try {
                turn = rehearsal.say(step.say());
            } catch (Answerer.BusyException e) {
                failures.add(at + ": the model was busy; run the suite again");
                break;
            } catch (RuntimeException e) {
                failures.add(at + ": could not be answered (" + e.getClass().getSimpleName() + ")");
                break;
            }
            check(step.expect(), turn, at, failures);
        }
        return new ScenarioResult(scenario.name(), failures.isEmpty(), failures);
    }

    private static void check(Suite.Expect expect, Rehearsal.Turn turn, String at, List<String> failures) {
        Answer answer = turn.answer();
        String said = answer.text().toLowerCase(Locale.ROOT);
        for (String text : expect.says()) {
            if (!said.contains(text.toLowerCase(Locale.ROOT))) {
                failures.add(at + ": expected the answer to say \"" + text + "\", it said \""
                        + shorten(answer.text(), QUOTE) + "\"");
            }
        }
        if (expect.cites() != null) {
            String wanted = expect.cites().toLowerCase(Locale.ROOT);
            boolean cited = answer.citations().stream().anyMatch(c -> (c.title() + " " + c.document())
                    .toLowerCase(Locale.ROOT).contains(wanted));
            if (!cited) {
                failures.add(at + ": expected a citation of \"" + expect.cites() + "\", cited "
                        + answer.citations().stream().map(Citation::title).toList());
            }
        }
        String mode = mode(turn);
        if (expect.mode() != null && !expect.mode().equals(mode)) {
            failures.add(at + ": expected mode " + expect.mode() + ", was " + mode);
        }
        List<Decision.Escalate> escalations = turn.effects().stream()
                .filter(Decision.Escalate.class::isInstance).map(Decision.Escalate.class::cast).toList();
        if (expect.escalates() != null && escalations.stream().noneMatch(e -> e.reason().equals(expect.escalates()))) {
            failures.add(at + ": expected an escalation (" + expect.escalates() + "), got "
                    + escalations.stream().map(Decision.Escalate::reason).toList());
        }
        if (expect.emergency() != null && escalations.stream().noneMatch(e -> expect.emergency().equals(e.kind()))) {
            failures.add(at + ": expected a " + expect.emergency() + " emergency, got "
                    + escalations.stream().map(Decision.Escalate::kind).toList());
        }
        List<Decision.OpenTicket> tickets = turn.effects().stream()
                .filter(Decision.OpenTicket.class::isInstance).map(Decision.OpenTicket.class::cast).toList();
        if (expect.ticketCategory() != null && tickets.stream()
                .noneMatch(t -> t.ticket().category().equals(expect.ticketCategory()))) {
            failures.add(at + ": expected a " + expect.ticketCategory() + " ticket, got "
                    + tickets.stream().map(t -> t.ticket().category()).toList());
        }
        if (expect.ticketUrgency() != null && tickets.stream()
                .noneMatch(t -> t.ticket().urgency().equals(expect.ticketUrgency()))) {
            failures.add(at + ": expected a ticket of urgency " + expect.ticketUrgency() + ", got "
                    + tickets.stream().map(t -> t.ticket().urgency()).toList());
        }
        if (expect.language() != null && expect.language() != turn.outcome().language()) {
            failures.add(at + ": expected an answer in " + expect.language().tag() + ", was "
                    + (turn.outcome().language() == null ? "unknown" : turn.outcome().language().tag()));
        }
    }

    /** The answer's mode as the suite names it: "I don't know" is its own. */
    private static String mode(Rehearsal.Turn turn) {
        if (turn.outcome() instanceof Decision.Knowledge knowledge && knowledge.passages().isEmpty()) {
            return "dont-know";
        }
        return turn.answer().mode().id();
    }

    private static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
