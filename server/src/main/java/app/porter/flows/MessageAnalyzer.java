package app.porter.flows;

import java.util.List;
import java.util.regex.Pattern;

import app.porter.inference.Embedder;
import app.porter.knowledge.QueryText;
import app.porter.language.Glossary;
import app.porter.language.Language;
import app.porter.language.LanguageDetector;

/**
 * Turns a tenant's text into a {@link Message}: normalised once, its language detected once, put into the
 * knowledge base's language once ({@link Glossary}), embedded once (the vector the emergency layer, the intent
 * examples and retrieval all use), classified once. About 1.5 ms with the
 * bundled embedder, most of it the embedding, which retrieval would have paid anyway.
 */
public final class MessageAnalyzer {

    /** Reads as a question: a question mark, or a question word first, in each language Porter speaks. */
    private static final Pattern QUESTION = Pattern.compile("[?？؟]\\s*$|^\\W*(what|when|where|who|why|how|which|is|are"
            + "|can|could|do|does|may|qu[eé]|cu[aá]ndo|d[oó]nde|c[oó]mo|cu[aá]l|puedo|o[uù]|quand|comment|quel\\w*|est-ce"
            + "|puis-je|có được|khi nào|ở đâu|tại sao|thế nào|ما|متى|أين|كيف|هل|لماذا)\\b|(吗|什么|怎么|哪里|几点|多少)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    /** Words that make a question about the tenant's own home ("is my heater supposed to click?"). */
    private static final Pattern OWN = Pattern.compile(
            "\\b(my|our|mine|i have|i've|we have|mi|mis|tengo|mon|ma|mes|j.ai|của tôi|nhà tôi)\\b"
                    + "|(我|我的|我家|عندي|لدي|شقتي)", Pattern.UNICODE_CHARACTER_CLASS);

    private final Embedder embedder;
    private final LanguageDetector languages;
    private final EmergencyLayer emergencies;
    private final IntentClassifier intents;
    private final Glossary glossary = Glossary.bundled();

    /** @param embedder null to go by rules alone (and leave retrieval to embed for itself) */
    public MessageAnalyzer(Embedder embedder, LanguageDetector languages, EmergencyLayer emergencies,
                           IntentClassifier intents) {
        this.embedder = embedder;
        this.languages = languages;
        this.emergencies = emergencies;
        this.intents = intents;
    }

    /**
     * @param heatingSeason whether it is the property's heating season today (for the no-heat emergency)
     */
    public Message analyze(String text, boolean heatingSeason) {
        return analyze(text, heatingSeason, null);
    }

    /**
     * @param conversationLanguage the language the conversation is in so far (or null): what a message too short
     *                             to tell its own language ("¿mascotas?") is taken to be written in
     */
    public Message analyze(String text, boolean heatingSeason, Language conversationLanguage) {
        String normalized = Text.normalize(text);
        Language detected = languages.detect(text).orElse(null);
        Language writtenIn = detected != null ? detected : conversationLanguage;
        // The knowledge base is in English (the bundled embedder's language): a question in another language is
        // put into English words, which both BM25 and the embedder match. Such a message is embedded in one call
        // as those words and as its own (for passages written in the tenant's language, which some firms add).
        String inEnglish = writtenIn == null || writtenIn == Language.EN ? null
                : glossary.toEnglish(text, writtenIn).map(Glossary.Rendering::english).orElse(null);
        // Embedded without phone numbers and e-mail addresses: they say who is asking, not what, and would pull
        // every question towards the passage that lists the office's own.
        String meaning = QueryText.withoutContacts(normalized);
        float[] vector = null;
        float[] ownVector = null;
        if (embedder != null && inEnglish != null) {
            List<float[]> both = embedder.embedAll(List.of(QueryText.withoutContacts(inEnglish), meaning));
            vector = both.get(0);
            ownVector = both.get(1);
        } else if (embedder != null && !meaning.isEmpty()) {
            vector = embedder.embed(meaning);
        }
        return new Message(text, normalized, detected, inEnglish, vector, ownVector,
                intents.classify(normalized, vector).orElse(null),
                QUESTION.matcher(normalized).find(), OWN.matcher(normalized).find(),
                emergencies.detect(normalized, vector, heatingSeason, writtenIn).orElse(null));
    }

    /** The emergency layer alone, for when analysing or routing failed: rules only, nothing else can fail. */
    public EmergencyLayer.Detection emergencyOnly(String text, boolean heatingSeason) {
        return emergencies.detect(Text.normalize(text), null, heatingSeason, null).orElse(null);
    }

    public EmergencyLayer emergencies() {
        return emergencies;
    }
}
