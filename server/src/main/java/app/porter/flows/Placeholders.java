package app.porter.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {name}} placeholders in flow texts; an unknown name is left as it is so a typo shows instead of vanishing.
 * A name whose value is empty takes its whole sentence (or numbered step) with it, and the steps after it are
 * renumbered: a property with no emergency line must not tell a tenant to "call the emergency line at ."
 */
final class Placeholders {

    private static final Pattern NAME = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9-]*)}");
    private static final Pattern STEP = Pattern.compile("^(\\d+)\\.\\s");
    /** A sentence in any of the six languages, with the space after it. */
    private static final Pattern SENTENCE = Pattern.compile("[^.!?。！？؟]*[.!?。！？؟]+\\s*|[^.!?。！？؟]+$");

    private Placeholders() {
    }

    static String fill(String text, Map<String, String> values) {
        Matcher m = NAME.matcher(withoutEmpty(text, values));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code text} less the steps and sentences that hold a placeholder whose value is empty. */
    private static String withoutEmpty(String text, Map<String, String> values) {
        List<String> empty = values.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().isEmpty())
                .map(e -> "{" + e.getKey() + "}").filter(text::contains).toList();
        if (empty.isEmpty()) {
            return text;
        }
        List<String> lines = new ArrayList<>();
        int step = 0;
        for (String line : text.split("\n", -1)) {
            Matcher numbered = STEP.matcher(line);
            boolean isStep = numbered.find();
            String body = isStep ? line.substring(numbered.end()) : line;
            if (isStep && empty.stream().anyMatch(body::contains)) {
                continue;
            }
            StringBuilder kept = new StringBuilder();
            Matcher sentence = SENTENCE.matcher(body);
            while (sentence.find()) {
                if (empty.stream().noneMatch(sentence.group()::contains)) {
                    kept.append(sentence.group());
                }
            }
            String rest = kept.toString().strip();
            if (isStep) {
                rest = ++step + ". " + rest;
            }
            if (!rest.isEmpty() || line.isEmpty()) {
                lines.add(rest);
            }
        }
        return String.join("\n", lines);
    }
}
