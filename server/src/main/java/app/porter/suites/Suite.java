package app.porter.suites;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import app.porter.errors.InvalidInput;
import app.porter.language.Language;

/**
 * An acceptance suite as a firm writes it in YAML: scenarios of tenant turns, each with what must happen.
 *
 * <pre>
 * suite: maple-court
 * property: maple-court
 * scenarios:
 *   - name: rent is due on the first
 *     turns:
 *       - say: When do I have to pay my rent?
 *         expect: {says: ["1st day of each month"], cites: "Rent due date", mode: extractive}
 *   - name: a gas smell is an emergency
 *     language: es
 *     turns:
 *       - say: Huele a gas en la cocina
 *         expect: {mode: emergency, escalates: emergency, emergency: gas, language: es}
 * </pre>
 *
 * @param name the suite's name (its pass rates are kept under it)
 * @param scenarios in the order written
 */
public record Suite(String name, List<Scenario> scenarios) {

    /** One conversation: where it is, in what language it opens, and its turns. */
    public record Scenario(String name, String propertyId, String unitId, Language language, List<Step> turns) {
    }

    /** What the tenant types, and what must follow. */
    public record Step(String say, Expect expect) {
    }

    /**
     * What must happen after a turn; each null is not checked.
     *
     * @param says texts the answer must contain (case-insensitive), e.g. the fact quoted
     * @param cites text a cited passage's heading or document must contain
     * @param mode the answer's mode ({@code extractive}, {@code generative}, {@code flow}, {@code emergency},
     *             {@code escalated}, {@code human}) or {@code dont-know}
     * @param escalates the reason staff would be alerted ({@code emergency}, {@code tenant-request}, {@code flow})
     * @param emergency the kind of emergency recognised ({@code gas}, {@code fire}, ...)
     * @param ticketCategory the category of the ticket the turn would open
     * @param ticketUrgency its urgency
     * @param language the language answered in
     */
    public record Expect(List<String> says, String cites, String mode, String escalates, String emergency,
                         String ticketCategory, String ticketUrgency, Language language) {
    }

    private static final List<String> MODES = List.of("extractive", "generative", "flow", "emergency", "escalated",
            "human", "dont-know");

    /**
     * Reads a suite file.
     *
     * @throws InvalidInput naming the scenario and turn that is malformed
     */
    public static Suite parse(String yaml, String defaultName) {
        Object root;
        try {
            root = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new InvalidInput("the suite is not valid YAML: " + firstLine(e.getMessage()));
        }
        Map<?, ?> suite = map(root, "the suite");
        String name = text(suite, "suite", "the suite", defaultName);
        String property = text(suite, "property", "the suite", null);
        List<Scenario> scenarios = new ArrayList<>();
        for (Object item : list(suite.get("scenarios"), "the suite's scenarios")) {
            Map<?, ?> s = map(item, "a scenario");
            String scenario = text(s, "name", "a scenario", null);
            if (scenario == null) {
                throw new InvalidInput("scenario " + (scenarios.size() + 1) + " has no name");
            }
            String where = "scenario '" + scenario + "'";
            String propertyId = text(s, "property", where, property);
            if (propertyId == null) {
                throw new InvalidInput(where + " names no property (set 'property' on the suite or the scenario)");
            }
            List<Step> steps = new ArrayList<>();
            for (Object t : list(s.get("turns"), where + "'s turns")) {
                String at = where + ", turn " + (steps.size() + 1);
                Map<?, ?> turn = map(t, at);
                String say = text(turn, "say", at, null);
                if (say == null || say.isBlank()) {
                    throw new InvalidInput(at + " has nothing to 'say'");
                }
                steps.add(new Step(say, expect(turn.get("expect"), at)));
            }
            if (steps.isEmpty()) {
                throw new InvalidInput(where + " has no turns");
            }
            scenarios.add(new Scenario(scenario, propertyId, text(s, "unit", where, null),
                    language(text(s, "language", where, null), where), List.copyOf(steps)));
        }
        if (scenarios.isEmpty()) {
            throw new InvalidInput("the suite has no scenarios");
        }
        return new Suite(name == null ? "suite" : name, List.copyOf(scenarios));
    }

    private static Expect expect(Object value, String at) {
        if (value == null) {
            return new Expect(List.of(), null, null, null, null, null, null, null);
        }
        Map<?, ?> e = map(value, at + "'s expect");
        Object says = e.get("says");
        List<String> texts = says == null ? List.of() : says instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(says));
        String mode = text(e, "mode", at, null);
        if (mode != null && !MODES.contains(mode)) {
            throw new InvalidInput(at + ": mode must be one of " + MODES + ", was " + mode);
        }
        Map<?, ?> ticket = e.get("ticket") == null ? Map.of() : map(e.get("ticket"), at + "'s ticket");
        return new Expect(texts, text(e, "cites", at, null), mode, text(e, "escalates", at, null),
                text(e, "emergency", at, null), text(ticket, "category", at, null), text(ticket, "urgency", at, null),
                language(text(e, "language", at, null), at));
    }

    private static Language language(String tag, String at) {
        return tag == null ? null : Language.fromTag(tag).orElseThrow(() ->
                new InvalidInput(at + ": unknown language '" + tag + "' (one of " + Language.tags() + ")"));
    }

    private static Map<?, ?> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInput(what + " must be a mapping of keys to values");
        }
        return map;
    }

    private static List<?> list(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInput(what + " must be a list");
        }
        return list;
    }

    private static String text(Map<?, ?> map, String key, String where, String fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new InvalidInput(where + ": '" + key + "' must be a single value");
        }
        return String.valueOf(value).strip();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
