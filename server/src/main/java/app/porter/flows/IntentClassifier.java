package app.porter.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import app.porter.inference.Embedder;
import app.porter.inference.Vectors;

/**
 * What a message that is neither an emergency nor a flow answer asks for: {@code human}, {@code status},
 * {@code maintenance}, {@code greeting}, {@code thanks}, {@code goodbye}, or nothing (then the knowledge base
 * answers). Rules from {@code /flows/intents.yaml} decide; similarity to example phrases is the fallback.
 */
public final class IntentClassifier {

    private record Intent(String id, List<Pattern> patterns, List<float[]> examples) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    private final List<Intent> intents;
    private final float exampleSimilarity;

    /** @param embedder null to classify by rules alone */
    public IntentClassifier(Embedder embedder, float exampleSimilarity) {
        this.exampleSimilarity = exampleSimilarity;
        List<Intent> intents = new ArrayList<>();
        Map<String, Object> yaml = Yaml.map(Yaml.classpath("/flows/intents.yaml").get("intents"), "intents");
        for (Map.Entry<String, Object> e : new LinkedHashMap<>(yaml).entrySet()) {
            Map<String, Object> intent = Yaml.map(e.getValue(), e.getKey());
            List<Pattern> patterns = new ArrayList<>();
            for (Object perLanguage : Yaml.map(intent.get("patterns"), e.getKey()).values()) {
                for (Object p : Yaml.list(perLanguage, e.getKey())) {
                    patterns.add(Pattern.compile(String.valueOf(p), FLAGS));
                }
            }
            List<String> examples = Yaml.list(intent.get("examples"), e.getKey()).stream().map(String::valueOf).toList();
            intents.add(new Intent(e.getKey(), patterns,
                    embedder == null || examples.isEmpty() ? List.of() : embedder.embedAll(examples)));
        }
        this.intents = List.copyOf(intents);
    }

    /**
     * @param text the message as {@link Text#normalize} made it
     * @param vector its embedding, or null to go by the rules alone
     */
    public Optional<String> classify(String text, float[] vector) {
        for (Intent intent : intents) {
            for (Pattern p : intent.patterns()) {
                if (p.matcher(text).find()) {
                    return Optional.of(intent.id());
                }
            }
        }
        if (vector == null || text.length() > 200) {
            return Optional.empty();
        }
        float[] query = vector;
        String best = null;
        float bestScore = exampleSimilarity;
        for (Intent intent : intents) {
            for (float[] example : intent.examples()) {
                float score = Vectors.dot(query, example);
                if (score >= bestScore) {
                    best = intent.id();
                    bestScore = score;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
