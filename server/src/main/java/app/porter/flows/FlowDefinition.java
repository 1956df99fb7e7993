package app.porter.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declarative flow, read from YAML: named steps with typed slots, branches and actions. See
 * {@code /flows/maintenance.yaml} for the format.
 */
public record FlowDefinition(String id, Localized title, Localized intro, String start, Map<String, Step> steps,
                             List<String> keywordOrder) {

    /** The kinds of answer a step takes. */
    public enum SlotType {
        CHOICE, YESNO, TEXT, UNIT, WINDOW, PHONE, EMAIL, CONFIRM, END;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One option of a choice; {@code keywords} recognise it in typed text (any language). */
    public record Option(String value, Localized label, Pattern keywords) {
    }

    /** When the slot holds {@code when}, go to {@code target} instead of {@code next}. */
    public record Branch(String when, String target) {
    }

    /**
     * @param summary label of this slot in the summary to confirm; null keeps it out of the summary
     * @param action what happens when the step completes: {@code create-ticket} (confirm), {@code escalate} or
     *               {@code escalate-on-call} (end: staff alerted; the office within its hours, on-call at any hour)
     * @param message the closing text of an end step, or of a confirm step once its action has run
     */
    public record Step(String id, SlotType type, Localized prompt, List<Option> options, boolean allowOther,
                       int minLength, List<Branch> branches, String next, Localized summary, String action,
                       Localized message) {

        /** The step after this one once the slot holds {@code value}; null at the end. */
        public String after(String value) {
            for (Branch b : branches) {
                if (b.when().equalsIgnoreCase(value)) {
                    return b.target();
                }
            }
            return next;
        }

        public Optional<Option> option(String value) {
            return options.stream().filter(o -> o.value().equals(value)).findFirst();
        }
    }

    public FlowDefinition {
        steps = Map.copyOf(steps);
        keywordOrder = List.copyOf(keywordOrder);
        if (!steps.containsKey(start)) {
            throw new IllegalArgumentException("flow " + id + ": start step '" + start + "' is not defined");
        }
        for (Step step : steps.values()) {
            for (String target : targets(step)) {
                if (!steps.containsKey(target)) {
                    throw new IllegalArgumentException("flow " + id + ": step '" + step.id() + "' goes to unknown step '"
                            + target + "'");
                }
            }
        }
    }

    public Step step(String stepId) {
        Step step = steps.get(stepId);
        if (step == null) {
            throw new IllegalArgumentException("flow " + id + " has no step " + stepId);
        }
        return step;
    }

    /**
     * The steps a tenant passes through with these slot values, from the start to the first unanswered step (or
     * the end): what the summary shows and what a ticket is made of, so stale answers of a branch not taken (an
     * e-mail address after switching to phone) are left out.
     */
    public List<Step> path(Map<String, String> slots) {
        List<Step> path = new ArrayList<>();
        String current = start;
        while (current != null && path.size() <= steps.size()) {
            Step step = step(current);
            path.add(step);
            String value = slots.get(current);
            if (value == null) {
                break;
            }
            current = step.after(value);
        }
        return path;
    }

    private static List<String> targets(Step step) {
        List<String> targets = new ArrayList<>();
        if (step.next() != null) {
            targets.add(step.next());
        }
        step.branches().forEach(b -> targets.add(b.target()));
        return targets;
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    /** Parses a flow file's mapping. */
    static FlowDefinition parse(Map<String, Object> yaml, String where) {
        String id = Yaml.string(yaml, "id", where);
        Map<String, Step> steps = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Yaml.map(yaml.get("steps"), where + " steps").entrySet()) {
            String stepWhere = where + " step " + e.getKey();
            Map<String, Object> s = Yaml.map(e.getValue(), stepWhere);
            SlotType type = SlotType.valueOf(Yaml.string(s, "type", stepWhere).toUpperCase(java.util.Locale.ROOT));
            List<Option> options = new ArrayList<>();
            for (Object o : Yaml.list(s.get("options"), stepWhere)) {
                Map<String, Object> option = Yaml.map(o, stepWhere + " option");
                Object keywords = option.get("keywords");
                options.add(new Option(Yaml.string(option, "value", stepWhere),
                        Localized.parse(option.get("label"), stepWhere + " label"),
                        keywords == null ? null : Pattern.compile(String.valueOf(keywords), FLAGS)));
            }
            List<Branch> branches = new ArrayList<>();
            for (Object b : Yaml.list(s.get("branches"), stepWhere)) {
                Map<String, Object> branch = Yaml.map(b, stepWhere + " branch");
                branches.add(new Branch(Yaml.string(branch, "when", stepWhere), Yaml.string(branch, "goto", stepWhere)));
            }
            if ((type == SlotType.CHOICE) && options.isEmpty()) {
                throw new IllegalArgumentException(stepWhere + ": a choice needs options");
            }
            steps.put(e.getKey(), new Step(e.getKey(), type,
                    s.get("prompt") == null ? null : Localized.parse(s.get("prompt"), stepWhere + " prompt"),
                    options, Boolean.TRUE.equals(s.get("allow-other")),
                    s.get("min-length") instanceof Number n ? n.intValue() : 2,
                    branches, s.get("next") == null ? null : String.valueOf(s.get("next")),
                    s.get("summary") == null ? null : Localized.parse(s.get("summary"), stepWhere + " summary"),
                    s.get("action") == null ? null : String.valueOf(s.get("action")),
                    s.get("message") == null ? null : Localized.parse(s.get("message"), stepWhere + " message")));
            if (type != SlotType.END && steps.get(e.getKey()).prompt() == null) {
                throw new IllegalArgumentException(stepWhere + ": needs a prompt");
            }
        }
        List<String> order = new ArrayList<>();
        for (Object o : Yaml.list(yaml.get("keyword-order"), where)) {
            order.add(String.valueOf(o));
        }
        return new FlowDefinition(id, Localized.parse(yaml.get("title"), where + " title"),
                yaml.get("intro") == null ? null : Localized.parse(yaml.get("intro"), where + " intro"),
                Yaml.string(yaml, "start", where), steps, order);
    }
}
