package app.porter.flows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.porter.inference.Embedder;
import app.porter.inference.OnnxEmbedder;
import app.porter.language.Language;

/**
 * The emergency evaluation: tenants' messages in six languages ({@code src/test/resources/eval/emergencies.csv}),
 * paraphrases of each kind of emergency and traps that are not one (past events, questions about rules, "what
 * should I do if ...", drills, batteries, bills), each analysed the way a tenant's message is
 * ({@link MessageAnalyzer}: the rules and, with the embedder, similarity to example phrases). Prints recall and
 * precision per language for each set, and each set's errors.
 *
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.flows.EmergencyEval
 * </pre>
 */
public final class EmergencyEval {

    /**
     * One message: {@code kind} is the emergency it reports, or {@code none}; {@code set} is {@code dev} (the
     * rules were written against it), {@code held-out} (written after the rules; its first score is in the README,
     * and the rules were then widened by what it showed), {@code held-out-2} (written after that), {@code held-out-3}
     * and {@code held-out-4} (round 7 of issue 12: written without reading the rules or their example phrases,
     * emergencies described without the obvious word, in casual chat and regional registers, and harder traps:
     * news, figures of speech, repairs done; each first scored in the README, then the rules were widened by what
     * it showed).
     */
    public record Case(Language language, String kind, String text, String set) {
    }

    /** Counts of one language: true and false positives, misses, and emergencies recognised as another kind. */
    public record Score(int emergencies, int caught, int falseAlarms, int wrongKind, int traps) {
        public double recall() {
            return emergencies == 0 ? 1 : (double) caught / emergencies;
        }

        public double precision() {
            return caught + falseAlarms == 0 ? 1 : (double) caught / (caught + falseAlarms);
        }
    }

    private EmergencyEval() {
    }

    public static List<Case> cases() {
        return EvalCsv.rows("/eval/emergencies.csv", row -> new Case(
                Language.fromTag(row.get("language")).orElseThrow(), row.get("kind"), row.get("message"),
                row.get("set")));
    }

    /** Scores per language; what went wrong is added to {@code errors} when given. */
    public static Map<Language, Score> evaluate(MessageAnalyzer analyzer, List<Case> cases, List<String> errors) {
        Map<Language, int[]> counts = new EnumMap<>(Language.class);
        for (Case c : cases) {
            EmergencyLayer.Detection found = analyzer.analyze(c.text(), false, c.language()).emergency();
            int[] n = counts.computeIfAbsent(c.language(), l -> new int[5]);
            boolean emergency = !c.kind().equals("none");
            if (emergency) {
                n[0]++;
                n[1] += found != null ? 1 : 0;
                n[3] += found != null && !found.kind().equals(c.kind()) ? 1 : 0;
            } else {
                n[4]++;
                n[2] += found != null ? 1 : 0;
            }
            if (errors != null && (emergency ? found == null || !found.kind().equals(c.kind()) : found != null)) {
                errors.add(String.format(Locale.ROOT, "[%s, %s] %s: expected %s, got %s", c.language().tag(),
                        c.set(), c.text(), c.kind(), found == null ? "none" : found.kind()));
            }
        }
        Map<Language, Score> scores = new EnumMap<>(Language.class);
        counts.forEach((lang, n) -> scores.put(lang, new Score(n[0], n[1], n[2], n[3], n[4])));
        return scores;
    }

    public static MessageAnalyzer analyzer(Embedder embedder) {
        return CrossLingualEval.analyzer(embedder);
    }

    public static void main(String[] args) {
        List<Case> cases = cases();
        try (Embedder embedder = OnnxEmbedder.bundled(Runtime.getRuntime().availableProcessors())) {
            MessageAnalyzer analyzer = analyzer(embedder);
            Map<String, List<String>> errors = new java.util.LinkedHashMap<>();
            for (String name : cases.stream().map(Case::set).distinct().toList()) {
                List<Case> set = cases.stream().filter(c -> c.set().equals(name)).toList();
                System.out.println("Set " + name + ":");
                System.out.println("| language | emergencies | traps | recall | precision | wrong kind |");
                System.out.println("|---|---|---|---|---|---|");
                String row = "| %s | %d | %d | %.2f (%d/%d) | %.2f (%d false alarms) | %d |%n";
                evaluate(analyzer, set, errors.computeIfAbsent(name, n -> new ArrayList<>())).forEach((lang, s) ->
                        System.out.printf(Locale.ROOT, row, lang.tag(), s.emergencies(), s.traps(), s.recall(),
                                s.caught(), s.emergencies(), s.precision(), s.falseAlarms(), s.wrongKind()));
                System.out.println();
            }
            errors.forEach((set, list) -> {
                System.out.println("Errors (" + set + "):");
                list.forEach(e -> System.out.println("  " + e));
            });
        }
    }
}
