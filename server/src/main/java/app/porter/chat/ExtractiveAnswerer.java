package app.porter.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.Passage;
import app.porter.knowledge.ScoredPassage;

/**
 * Extractive mode, for when no language model is installed: the best matching passages of the firm's own
 * knowledge base, quoted word for word and cited. Below the similarity threshold it says it does not know and
 * offers a person, rather than quoting something loosely related.
 */
public final class ExtractiveAnswerer implements Answerer {

    /**
     * @param minSimilarity cosine similarity a passage needs to be quoted at all
     * @param runnerUpMargin a second passage is quoted too when it scores within this margin of the best
     */
    public record Settings(float minSimilarity, float runnerUpMargin) {
        public Settings {
            if (minSimilarity <= -1 || minSimilarity >= 1) {
                throw new IllegalArgumentException("minSimilarity must be between -1 and 1");
            }
            if (runnerUpMargin < 0) {
                throw new IllegalArgumentException("runnerUpMargin must be >= 0");
            }
        }
    }

    static final String DONT_KNOW = "I'm sorry, I couldn't find that in our resident information, so I don't want"
            + " to guess. Would you like me to bring in a person from the property office?";
    private static final int SNIPPET_CHARS = 160;
    private static final Pattern PIECES = Pattern.compile("\\S+\\s*|\\s+");

    private final KnowledgeBase knowledge;
    private final Settings settings;

    public ExtractiveAnswerer(KnowledgeBase knowledge, Settings settings) {
        this.knowledge = knowledge;
        this.settings = settings;
    }

    @Override
    public Answer answer(String question, String propertyId, TokenSink sink) {
        List<ScoredPassage> hits = knowledge.search(question, propertyId, 2);
        List<Passage> quoted = new ArrayList<>();
        if (!hits.isEmpty() && hits.getFirst().score() >= settings.minSimilarity()) {
            quoted.add(hits.getFirst().passage());
            if (hits.size() > 1 && hits.get(1).score() >= settings.minSimilarity()
                    && hits.getFirst().score() - hits.get(1).score() <= settings.runnerUpMargin()) {
                quoted.add(hits.get(1).passage());
            }
        }
        String text = quoted.isEmpty() ? DONT_KNOW : compose(quoted);
        stream(text, sink);
        List<Citation> citations = quoted.stream()
                .map(p -> new Citation(p.id(), p.title(), snippet(p.text())))
                .toList();
        return new Answer(text, AnswerMode.EXTRACTIVE, citations);
    }

    private static String compose(List<Passage> passages) {
        StringBuilder reply = new StringBuilder("Here is what our resident information says:");
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            reply.append("\n\n").append(p.title()).append(": \u201c").append(p.text()).append("\u201d [")
                    .append(i + 1).append(']');
        }
        return reply.toString();
    }

    /** Streams word by word (with trailing spaces), as a language model would stream tokens. */
    private static void stream(String text, TokenSink sink) {
        Matcher pieces = PIECES.matcher(text);
        while (pieces.find()) {
            sink.token(pieces.group());
        }
    }

    static String snippet(String text) {
        if (text.length() <= SNIPPET_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', SNIPPET_CHARS);
        return text.substring(0, cut > 0 ? cut : SNIPPET_CHARS) + "\u2026";
    }
}
