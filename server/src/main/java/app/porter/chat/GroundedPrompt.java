package app.porter.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.inference.ChatTemplate;
import app.porter.inference.ChatTemplate.Message;
import app.porter.inference.TextTokenizer;
import app.porter.knowledge.Passage;
import app.porter.language.Language;

/**
 * The prompt of a grounded answer: the firm's policy and tone, the rules for citing, the retrieved passages
 * numbered [1], [2], ..., the conversation so far and the question, rendered with the model's chat template.
 *
 * <p>The fixed text comes first and the passages after it, so every conversation's prompt starts with the same
 * tokens and the engine's prefix cache skips recomputing them.
 *
 * <p>When the prompt is over the budget it is trimmed, never refused, in this order: the oldest history first
 * (a tenant's earlier turns matter less than the passages that answer now), then the lowest-ranked passages
 * (at least one stays), then the remaining passage's text, and last the question's own text.
 */
public final class GroundedPrompt {

    static final String RULES = "Answer the tenant's question using only the numbered passages below, taken from"
            + " the firm's resident information. After each statement, cite the passage it comes from by its number"
            + " in square brackets, like [1]. If the passages do not answer the question, say that you don't know"
            + " and offer to bring in a person from the property office. Keep the answer short and friendly.";

    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    /**
     * @param ids the prompt's tokens
     * @param passages the passages that made it into the prompt, numbered from 1 in this order
     * @param historyMessages how many history messages were kept
     */
    public record Built(int[] ids, List<Passage> passages, int historyMessages) {
    }

    private GroundedPrompt() {
    }

    /** Builds the prompt within {@code budgetTokens}, with no instruction about the answer's language. */
    public static Built build(String policy, List<Passage> passages, List<ChatMessage> history, String question,
                              ChatTemplate template, TextTokenizer tokenizer, int budgetTokens) {
        return build(policy, passages, history, question, null, template, tokenizer, budgetTokens);
    }

    /**
     * Builds the prompt within {@code budgetTokens}.
     *
     * @param history the conversation so far, oldest first, without the question
     * @param language the tenant's language, or null when unknown: the model is told to answer in it
     */
    public static Built build(String policy, List<Passage> passages, List<ChatMessage> history, String question,
                              Language language, ChatTemplate template, TextTokenizer tokenizer, int budgetTokens) {
        String rules = RULES + languageInstruction(language);
        List<Message> turns = turns(history);
        List<Passage> used = new ArrayList<>(passages);
        String q = question;
        int passageChars = Integer.MAX_VALUE;
        while (true) {
            List<Message> messages = new ArrayList<>();
            messages.add(Message.system(system(policy, rules, used, passageChars)));
            messages.addAll(turns);
            messages.add(Message.user(q));
            int[] ids = tokenizer.encode(template.render(messages, true), false);
            if (ids.length <= budgetTokens) {
                return new Built(ids, List.copyOf(used), turns.size());
            }
            if (!turns.isEmpty()) {
                // drop the oldest exchange; a conversation shown to the model still starts with the tenant
                turns.removeFirst();
                while (!turns.isEmpty() && !turns.getFirst().role().equals("user")) {
                    turns.removeFirst();
                }
            } else if (used.size() > 1) {
                used.removeLast();
            } else if (!used.isEmpty() && passageChars > 80) {
                int longest = used.getFirst().text().length();
                passageChars = Math.min(passageChars, longest) * 2 / 3;
            } else if (q.length() > 40) {
                q = q.substring(0, q.length() * 2 / 3);
            } else {
                // Nothing left to trim here: the engine keeps the prompt's tail within the window.
                return new Built(ids, List.copyOf(used), 0);
            }
        }
    }

    /**
     * " Answer in Spanish." for {@code es} (the language's English name: models follow an instruction naming the
     * language better than one giving its code); empty when the language is unknown. It goes with the rules,
     * before the passages: the firm's passages may be in another language than the tenant's.
     */
    static String languageInstruction(Language language) {
        if (language == null) {
            return "";
        }
        String name = Locale.forLanguageTag(language.tag()).getDisplayName(Locale.ENGLISH);
        return name.isBlank() ? "" : " Answer in " + name + ".";
    }

    static String system(String policy, String rules, List<Passage> passages, int passageChars) {
        StringBuilder s = new StringBuilder(policy.strip()).append("\n\n").append(rules).append("\n");
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            String text = p.text().length() > passageChars ? p.text().substring(0, passageChars) + "\u2026" : p.text();
            s.append("\n[").append(i + 1).append("] ").append(p.title()).append(": ").append(text);
        }
        return s.toString();
    }

    /** History as alternating user/assistant turns (consecutive messages of one side are joined). */
    static List<Message> turns(List<ChatMessage> history) {
        List<Message> turns = new ArrayList<>();
        for (ChatMessage m : history) {
            String role = m.role().equals("tenant") ? "user" : "assistant";
            if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
                turns.set(turns.size() - 1, new Message(role, turns.getLast().content() + "\n\n" + m.text()));
            } else if (turns.isEmpty() && role.equals("assistant")) {
                continue; // templates such as Gemma's insist the conversation opens with the user
            } else {
                turns.add(new Message(role, m.text()));
            }
        }
        return turns;
    }

    /** The passage numbers {@code text} cites that exist (1..count), in order of first citation. */
    public static List<Integer> citedNumbers(String text, int count) {
        List<Integer> cited = new ArrayList<>();
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            for (String number : m.group(1).split(",")) {
                int n = Integer.parseInt(number.strip());
                if (n >= 1 && n <= count && !cited.contains(n)) {
                    cited.add(n);
                }
            }
        }
        return cited;
    }
}
