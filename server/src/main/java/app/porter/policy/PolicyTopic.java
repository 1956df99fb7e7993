package app.porter.policy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import app.porter.errors.InvalidInput;
import app.porter.language.Language;

/**
 * A topic that always goes to a person (legal threats, eviction, fair-housing questions, rent disputes), and the
 * rules that recognise it: regular expressions per language over the tenant's normalised message (lower case,
 * plain apostrophes, single spaces).
 *
 * @param id names the rule in the audit log and on the escalation, e.g. {@code legal-threat}
 * @param name what staff read in the console
 * @param patterns per language, the expressions that match the topic
 */
public record PolicyTopic(String id, String name, Map<Language, List<String>> patterns) {

    static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    public PolicyTopic {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new InvalidInput("a topic id is 1-40 lowercase letters, digits or '-', was " + id);
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInput("topic " + id + " needs a name of 1-100 characters");
        }
        Map<Language, List<String>> copy = new EnumMap<>(Language.class);
        patterns.forEach((lang, list) -> copy.put(lang, List.copyOf(list)));
        patterns = Map.copyOf(copy);
        if (patterns.values().stream().allMatch(List::isEmpty)) {
            throw new InvalidInput("topic " + id + " needs at least one rule");
        }
        for (List<String> list : patterns.values()) {
            for (String pattern : list) {
                compile(id, pattern);
            }
        }
    }

    static Pattern compile(String topic, String pattern) {
        if (pattern.isBlank() || pattern.length() > 500) {
            throw new InvalidInput("a rule of topic " + topic + " must be 1-500 characters");
        }
        try {
            return Pattern.compile(pattern, FLAGS);
        } catch (PatternSyntaxException e) {
            throw new InvalidInput("rule of topic " + topic + " is not a valid regular expression: "
                    + e.getDescription() + " near position " + e.getIndex());
        }
    }
}
