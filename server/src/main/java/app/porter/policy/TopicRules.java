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
 *
 * <p>Rules are written by staff, so one may backtrack catastrophically ({@code (a+)+$}): each rule gets
 * {@link #RULE_BUDGET_NANOS} per message and is skipped (and logged by its topic, never with the message) when it
 * runs over, so a bad rule cannot stall every tenant's conversation.
 */
final class TopicRules {

    /** Far above what a sane rule needs (microseconds), so a pause of the JVM never costs a tenant a person. */
    static final long RULE_BUDGET_NANOS = 250_000_000L;

    private static final System.Logger LOG = System.getLogger(TopicRules.class.getName());

    /**
     * The text, refusing to be read once its deadline has passed (the matcher reads it char by char; the clock is
     * looked at every 4096 reads, which keeps the check's cost out of the common case).
     */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long until;
        private int reads;

        Deadline(String text, long until) {
            this.text = text;
            this.until = until;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 4095) == 0 && System.nanoTime() > until) {
                throw new OverBudget();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), until);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super(null, null, false, false);
        }
    }

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
            if (rule.language() == language && finds(rule, normalized)) {
                return Optional.of(rule.topic());
            }
        }
        for (Rule rule : rules) {
            if (rule.language() != language && finds(rule, normalized)) {
                return Optional.of(rule.topic());
            }
        }
        return Optional.empty();
    }

    private static boolean finds(Rule rule, String text) {
        try {
            return rule.pattern().matcher(new Deadline(text, System.nanoTime() + RULE_BUDGET_NANOS)).find();
        } catch (OverBudget e) {
            LOG.log(System.Logger.Level.WARNING, "a rule of policy topic " + rule.topic().id() + " ("
                    + rule.language().tag() + ") took too long and was skipped: simplify it");
            return false;
        }
    }
}
