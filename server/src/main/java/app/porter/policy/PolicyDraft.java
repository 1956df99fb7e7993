package app.porter.policy;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.porter.errors.InvalidInput;
import app.porter.language.Language;

/**
 * What staff write for a policy version.
 *
 * @param answerPolicy the policy text the generative model reads first in every prompt
 * @param tone the tone and brand line, given to the model after the policy
 * @param greeting what Porter says to a tenant's hello, per language ({property} is filled in); a language left
 *                 out greets in English
 * @param topics what always goes to a person, tried in this order
 * @param reviewBy when the policy should be looked at again (the console warns from that day)
 */
public record PolicyDraft(String answerPolicy, String tone, Map<Language, String> greeting, List<PolicyTopic> topics,
                          LocalDate reviewBy) {

    public PolicyDraft {
        answerPolicy = require(answerPolicy, "answerPolicy", 8000);
        tone = tone == null ? "" : tone.strip();
        if (tone.length() > 1000) {
            throw new InvalidInput("tone must be at most 1000 characters");
        }
        Map<Language, String> texts = new EnumMap<>(Language.class);
        greeting.forEach((lang, text) -> {
            if (text != null && !text.isBlank()) {
                texts.put(lang, require(text, "greeting." + lang.tag(), 1000));
            }
        });
        if (!texts.containsKey(Language.EN)) {
            throw new InvalidInput("greeting needs an English version (en)");
        }
        greeting = Map.copyOf(texts);
        topics = List.copyOf(topics);
        Set<String> ids = new HashSet<>();
        for (PolicyTopic topic : topics) {
            if (!ids.add(topic.id())) {
                throw new InvalidInput("topic " + topic.id() + " is listed twice");
            }
        }
        if (reviewBy == null) {
            throw new InvalidInput("reviewBy (a date, YYYY-MM-DD) is required");
        }
    }

    /** The greeting in {@code lang}, else English. */
    public String greeting(Language lang) {
        return greeting.getOrDefault(lang, greeting.get(Language.EN));
    }

    private static String require(String text, String field, int max) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(field + " is required");
        }
        if (text.strip().length() > max) {
            throw new InvalidInput(field + " must be at most " + max + " characters");
        }
        return text.strip();
    }
}
