package app.porter.flows;

import app.porter.language.Language;

/**
 * One tenant message, analysed once before any stage looks at it: every stage reads these fields instead of
 * normalising, detecting, classifying or embedding the text again, and retrieval uses the same {@link #vector()}.
 *
 * @param text as the tenant wrote it
 * @param normalized as {@link Text#normalize} makes it: what rules match against
 * @param detected the language the text itself is in, or null when it says too little ("yes", "C-204")
 * @param vector the embedding of {@code normalized}, or null without an embedder
 * @param intent what it asks for, by {@link IntentClassifier}, or null (a question for the knowledge base)
 * @param question whether it reads as a question ("When is rent due?") rather than a statement
 * @param aboutOwnHome whether it speaks of the tenant's own home ("my heater"): a problem, not a general question
 * @param emergency the emergency it reports, or null
 */
public record Message(String text, String normalized, Language detected, float[] vector, String intent,
                      boolean question, boolean aboutOwnHome, EmergencyLayer.Detection emergency) {

    public Message {
        if (text == null || normalized == null) {
            throw new IllegalArgumentException("a message needs its text");
        }
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
