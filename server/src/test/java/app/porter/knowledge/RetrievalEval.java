package app.porter.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import app.porter.inference.Embedder;
import app.porter.inference.OnnxEmbedder;

/**
 * The retrieval evaluation: tenants' questions, each asked in a scope (a property, maybe a unit), against the
 * passage that answers it ({@code src/test/resources/eval/retrieval.csv}), over {@link EvalCorpus}. Reports
 * hit@1 and hit@3 for the hybrid ranking answers use, and for BM25 and vector search alone.
 *
 * <p>A plain {@code main} (surefire never runs it; {@code RetrievalEvalTest} asserts a floor). From the
 * repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.knowledge.RetrievalEval
 * </pre>
 */
public final class RetrievalEval {

    /** One question of the set. */
    public record Question(String text, Scope scope, String expected) {
    }

    /** A question whose expected passage was not ranked first: what came first, and where the expected one was. */
    public record Miss(Question question, String first, int rank) {
    }

    /** Hit rates of one ranking over the whole set. */
    public record Result(KnowledgeIndex.Mode mode, int questions, int hitsAt1, int hitsAt3, List<Miss> misses) {
        public double hitAt1() {
            return (double) hitsAt1 / questions;
        }

        public double hitAt3() {
            return (double) hitsAt3 / questions;
        }
    }

    /** Questions the knowledge base has nothing on: extractive mode must say it does not know. */
    public static final List<Question> OFF_TOPIC = List.of(
            new Question("What is the capital of Mongolia?", Scope.property("maple-court"), null),
            new Question("Who won the football World Cup in 2018?", Scope.property("maple-court"), null),
            new Question("How do I bake sourdough bread?", Scope.property("harbor-view"), null),
            new Question("What will the weather be like tomorrow?", Scope.unit("harbor-view", "4B"), null),
            new Question("Can you recommend a good dentist?", Scope.property("harbor-view"), null),
            new Question("Write me a poem about the sea.", Scope.unit("harbor-view", "5A"), null),
            new Question("What is the square root of 144?", Scope.property("maple-court"), null),
            new Question("Which programming language should I learn?", Scope.property("maple-court"), null),
            // Near the domain, and harder: the model finds them loosely similar to a parking or a fitness passage.
            new Question("Is there a pizza place nearby?", Scope.property("maple-court"), null),
            new Question("Which bus goes downtown?", Scope.property("maple-court"), null),
            new Question("Where is the nearest hospital?", Scope.property("maple-court"), null),
            new Question("Is the neighborhood safe?", Scope.property("maple-court"), null));

    /**
     * How the answer-or-not gate behaves at {@code minSimilarity}: of the questions, how many get their expected
     * passage as the first one that clears the gate (answered right), how many are refused although they have an
     * answer; of the off-topic ones, how many are refused as they should be.
     */
    public record Gate(float minSimilarity, int answeredRight, int refused, int questions, int offTopicRefused,
                       int offTopic) {
    }

    public static Gate gate(KnowledgeBase knowledge, List<Question> questions, float minSimilarity) {
        int right = 0;
        int refused = 0;
        for (Question question : questions) {
            ScoredPassage first = firstAboveGate(knowledge, question, minSimilarity);
            if (first == null) {
                refused++;
            } else if (first.passage().id().equals(question.expected())) {
                right++;
            }
        }
        int offTopicRefused = 0;
        for (Question question : OFF_TOPIC) {
            offTopicRefused += firstAboveGate(knowledge, question, minSimilarity) == null ? 1 : 0;
        }
        return new Gate(minSimilarity, right, refused, questions.size(), offTopicRefused, OFF_TOPIC.size());
    }

    /** What extractive mode quotes first: the best fused result among the top 3 whose similarity clears the gate. */
    private static ScoredPassage firstAboveGate(KnowledgeBase knowledge, Question question, float minSimilarity) {
        return knowledge.search(question.text(), question.scope(), 3).stream()
                .filter(hit -> hit.score() >= minSimilarity).findFirst().orElse(null);
    }

    private RetrievalEval() {
    }

    public static List<Question> questions() {
        try (InputStream in = RetrievalEval.class.getResourceAsStream("/eval/retrieval.csv");
             CSVParser csv = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8),
                     CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<Question> questions = new ArrayList<>();
            for (CSVRecord row : csv) {
                String property = row.get("propertyId").isBlank() ? null : row.get("propertyId");
                String unit = row.get("unitId").isBlank() ? null : row.get("unitId");
                questions.add(new Question(row.get("question"), new Scope(property, unit), row.get("expected")));
            }
            return questions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result evaluate(KnowledgeBase knowledge, List<Question> questions, KnowledgeIndex.Mode mode) {
        int at1 = 0;
        int at3 = 0;
        List<Miss> misses = new ArrayList<>();
        for (Question question : questions) {
            List<ScoredPassage> hits = knowledge.search(question.text(), question.scope(), 10, mode);
            int rank = 0;
            for (int i = 0; i < hits.size(); i++) {
                if (hits.get(i).passage().id().equals(question.expected())) {
                    rank = i + 1;
                    break;
                }
            }
            at1 += rank == 1 ? 1 : 0;
            at3 += rank >= 1 && rank <= 3 ? 1 : 0;
            if (rank != 1) {
                misses.add(new Miss(question, hits.isEmpty() ? "-" : hits.getFirst().passage().id(), rank));
            }
        }
        return new Result(mode, questions.size(), at1, at3, misses);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path dataDir = Files.createTempDirectory("porter-eval-");
        List<Question> questions = questions();
        try (Embedder embedder = OnnxEmbedder.bundled(Runtime.getRuntime().availableProcessors());
             EvalCorpus corpus = EvalCorpus.build(dataDir, embedder)) {
            System.out.printf(Locale.ROOT, "Retrieval evaluation: %d questions, %d passages in %d documents%n%n",
                    questions.size(), corpus.index.size(), corpus.service.documents(null).size());
            System.out.println("| ranking | hit@1 | hit@3 |");
            System.out.println("|---|---|---|");
            Result hybrid = null;
            for (KnowledgeIndex.Mode mode : KnowledgeIndex.Mode.values()) {
                Result result = evaluate(corpus.knowledge, questions, mode);
                hybrid = mode == KnowledgeIndex.Mode.HYBRID ? result : hybrid;
                System.out.printf(Locale.ROOT, "| %s | %.3f (%d/%d) | %.3f (%d/%d) |%n", label(mode), result.hitAt1(),
                        result.hitsAt1(), result.questions(), result.hitAt3(), result.hitsAt3(), result.questions());
            }
            float configured = app.porter.PorterConfig.load(java.util.Map.of()).minSimilarity();
            System.out.println();
            System.out.println("Answer-or-not gate (extractive mode quotes the first of the top 3 at or above it):");
            System.out.println("| min similarity | answered right | refused | off-topic refused |");
            System.out.println("|---|---|---|---|");
            for (float threshold : new float[]{configured - 0.1f, configured - 0.05f, configured, configured + 0.05f}) {
                Gate gate = gate(corpus.knowledge, questions, threshold);
                System.out.printf(Locale.ROOT, "| %.2f%s | %d/%d | %d | %d/%d |%n", threshold,
                        threshold == configured ? " (configured)" : "", gate.answeredRight(), gate.questions(),
                        gate.refused(), gate.offTopicRefused(), gate.offTopic());
            }
            System.out.println();
            System.out.println("Hybrid misses (expected -> ranked first; rank of expected, 0 = not in top 10):");
            for (Miss miss : hybrid.misses()) {
                System.out.printf(Locale.ROOT, "  [%s] %s%n      expected %s, got %s (rank %d)%n",
                        miss.question().scope().label(), miss.question().text(), miss.question().expected(),
                        miss.first(), miss.rank());
            }
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String label(KnowledgeIndex.Mode mode) {
        return switch (mode) {
            case HYBRID -> "hybrid (BM25 + vectors, RRF)";
            case KEYWORD -> "BM25 only";
            case VECTOR -> "vectors only";
        };
    }
}
