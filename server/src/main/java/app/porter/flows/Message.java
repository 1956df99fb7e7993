package app.porter.flows;

import java.util.List;

import app.porter.language.Language;

/**
 * One tenant message, analysed once before any stage looks at it: every stage reads these fields instead of
 * normalising, detecting, classifying or embedding the text again, and retrieval uses the same {@link #vector()}.
 *
 * @param text as the tenant wrote it
 * @param normalized as {@link Text#normalize} makes it: what rules match against
 * @param detected the language the text itself is in, or null when it says too little ("yes", "C-204")
 * @param inEnglish the message in the knowledge base's language (English words from {@link
 *                  app.porter.language.Glossary}) when the tenant wrote in another, else null
 * @param vector the embedding of {@code inEnglish} when there is one, else of {@code normalized}; null without an
 *               embedder
 * @param ownVector with {@code inEnglish}, the embedding of the tenant's own words ({@code normalized}), for
 *                  passages written in their language; else null
 * @param intent what it asks for, by {@link IntentClassifier}, or null (a question for the knowledge base)
 * @param question whether it reads as a question ("When is rent due?") rather than a statement
 * @param aboutOwnHome whether it speaks of the tenant's own home ("my heater"): a problem, not a general question
 * @param emergency the emergency it reports, or null
 */
public record Message(String text, String normalized, Language detected, String inEnglish, float[] vector,
                      float[] ownVector, String intent,
                      boolean question, boolean aboutOwnHome, EmergencyLayer.Detection emergency) {

    public Message {
        if (text == null || normalized == null) {
            throw new IllegalArgumentException("a message needs its text");
        }
    }

    /**
     * What retrieval searches with: the tenant's own words (for passages written in their language) and, when they
     * wrote in another language than the knowledge base's, the English rendering (for the rest); {@link #vector()}
     * is the embedding of the last.
     */
    public List<String> wordings() {
        return inEnglish == null ? List.of(text) : List.of(text, inEnglish);
    }

    /** A general question about the building, not a problem in the tenant's home: for the handbook, not a ticket. */
    public boolean isGeneralQuestion() {
        return question && !aboutOwnHome;
    }

    /**
     * {@code text} as {@link MessageAnalyzer} normalises it before embedding, for a caller that must embed a stored
     * question once more the same way (a thumbs-down comes requests after its question was analysed).
     */
    public static String normalize(String text) {
        return Text.normalize(text);
    }

    /** Whether the intent classifier read it as {@code intent}. */
    public boolean hasIntent(String intent) {
        return intent.equals(this.intent);
    }
}
