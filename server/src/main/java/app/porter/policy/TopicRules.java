package app.porter.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import app.porter.language.Language;

/**
 * A version's topics, compiled once when the version becomes active. Every language's rules are tried on every
 * message, as the emergency layer does: a short or mixed-language message whose language was guessed wrong must
 * still reach a person.
 */
final class TopicRules {

    private record Rule(PolicyTopic topic, Language language, Pattern pattern) {
    }

    private final List<Rule> rules = new ArrayList<>();

    TopicRules(List<PolicyTopic> topics) {
        for (PolicyTopic topic : topics) {
            for (Language lang : Language.values()) {
                for (String pattern : topic.patterns().getOrDefault(lang, List.of())) {
                    rules.add(new Rule(topic, lang, PolicyTopic.compile(topic.id(), pattern)));
                }
            }
        }
    }

    /**
     * The first topic a rule of which is found in {@code normalized}, trying the rules of {@code language} first
     * (the likelier match), then the others.
     */
    Optional<PolicyTopic> match(String normalized, Language language) {
        for (Rule rule : rules) {
            if (rule.language() == language && rule.pattern().matcher(normalized).find()) {
                return Optional.of(rule.topic());
            }
        }
        for (Rule rule : rules) {
            if (rule.language() != language && rule.pattern().matcher(normalized).find()) {
                return Optional.of(rule.topic());
            }
        }
        return Optional.empty();
    }
}
