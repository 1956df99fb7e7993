package app.porter.console.vaadin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.porter.errors.InvalidInput;
import app.porter.language.Language;
import app.porter.policy.PolicyTopic;

/**
 * The policy topics as the console edits them: one rule a line, {@code id | name | language | expression}. The
 * separator has spaces around it, so an expression's own {@code a|b} stays whole.
 */
final class PolicyTopicLines {

    private static final String SEPARATOR = " | ";

    private PolicyTopicLines() {
    }

    static String format(List<PolicyTopic> topics) {
        StringBuilder text = new StringBuilder();
        for (PolicyTopic topic : topics) {
            for (Language lang : Language.values()) {
                for (String pattern : topic.patterns().getOrDefault(lang, List.of())) {
                    text.append(topic.id()).append(SEPARATOR).append(topic.name()).append(SEPARATOR)
                            .append(lang.tag()).append(SEPARATOR).append(pattern).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** @throws InvalidInput naming the line that is not {@code id | name | language | expression} */
    static List<PolicyTopic> parse(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Map<Language, List<String>>> patterns = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split(" \\| ", 4);
            int at = number;
            if (parts.length != 4) {
                throw new InvalidInput("topic line " + number + " must read: id | name | language | expression");
            }
            Language lang = Language.fromTag(parts[2].strip()).orElseThrow(() -> new InvalidInput("topic line "
                    + at + ": unknown language " + parts[2].strip()));
            String id = parts[0].strip();
            names.putIfAbsent(id, parts[1].strip());
            patterns.computeIfAbsent(id, k -> new EnumMap<>(Language.class))
                    .computeIfAbsent(lang, k -> new ArrayList<>()).add(parts[3].strip());
        }
        List<PolicyTopic> topics = new ArrayList<>();
        names.forEach((id, name) -> topics.add(new PolicyTopic(id, name, patterns.get(id))));
        return topics;
    }
}
