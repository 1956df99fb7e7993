package app.porter.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled all-MiniLM-L6-v2 (quantized), run through Porter's own ONNX Runtime + DJL tokenizer code. */
class OnnxEmbedderTest {

    static OnnxEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = OnnxEmbedder.bundled(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void producesUnitVectorsOf384Dimensions() {
        float[] v = embedder.embed("When is rent due?");
        assertEquals(384, embedder.dimensions());
        assertEquals(384, v.length);
        assertEquals(1.0, Vectors.dot(v, v), 1e-4);
    }

    @Test
    void paraphrasesScoreAboveUnrelatedPairs() {
        List<String[]> paraphrases = List.of(
                new String[]{"When is rent due?", "What day of the month do I have to pay my rent?"},
                new String[]{"My kitchen sink is leaking", "There is water dripping under the sink in my kitchen"},
                new String[]{"I locked myself out", "I can't get into my apartment, my keys are inside"},
                new String[]{"Can I keep a cat?", "Are pets allowed in the building?"});
        List<String[]> unrelated = List.of(
                new String[]{"When is rent due?", "The swimming pool closes at nine"},
                new String[]{"My kitchen sink is leaking", "Can I keep a cat?"},
                new String[]{"I locked myself out", "Recycling goes in the blue bins"},
                new String[]{"Can I keep a cat?", "How do I pay my rent online?"});
        float weakestParaphrase = Float.MAX_VALUE;
        for (String[] pair : paraphrases) {
            weakestParaphrase = Math.min(weakestParaphrase, similarity(pair));
        }
        float strongestUnrelated = -Float.MAX_VALUE;
        for (String[] pair : unrelated) {
            strongestUnrelated = Math.max(strongestUnrelated, similarity(pair));
        }
        assertTrue(weakestParaphrase > strongestUnrelated + 0.1,
                "paraphrases " + weakestParaphrase + " vs unrelated " + strongestUnrelated);
    }

    @Test
    void aTextGetsTheSameVectorWhateverItIsEmbeddedBeside() {
        // Equal lengths, so a batching embedder would put them in one batch; this int8 model would then drift.
        List<String> texts = List.of("Where is the laundry room?", "When is the rent due?",
                "a considerably longer sentence about the laundry room hours and the machines");
        List<float[]> batched = embedder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, Vectors.dot(batched.get(i), embedder.embed(texts.get(i))), 1e-6,
                    "neighbours must not change a vector");
        }
    }

    @Test
    void passagesEmbeddedSideBySideGetTheVectorsOfOneAtATime() {
        // The indexing path runs texts in parallel on a single-threaded session; questions run one at a time on a
        // session with every core. Same text, same vector: a question that repeats a sentence matches it exactly.
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            texts.add("Clause " + i + ": the tenant keeps the balcony tidy and reports leaks within " + i + " days.");
        }
        texts.add("Quiet hours");
        texts.add("Quiet hours"); // a repeat, as headings repeat
        List<float[]> parallel = embedder.embedPassages(texts);
        assertEquals(texts.size(), parallel.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = embedder.embed(texts.get(i));
            for (int d = 0; d < alone.length; d++) {
                assertEquals(alone[d], parallel.get(i)[d], 1e-6f, "text " + i + " dimension " + d);
            }
        }
    }

    @Test
    void e5GetsItsQueryAndPassagePrefixes() {
        try (OnnxEmbedder e5 = OnnxEmbedder.load(EmbeddingModel.E5_SMALL_V2_Q, 2)) {
            assertEquals("e5-small-v2-q", e5.modelName());
            assertEquals(384, e5.dimensions());
            float[] question = e5.embed("When is the rent due?");
            List<float[]> passages = e5.embedPassages(List.of(
                    "Rent is due on the first day of each month.", "The pool opens at 8 a.m. in summer."));
            assertEquals(1.0, Vectors.dot(question, question), 1e-4);
            assertTrue(Vectors.dot(question, passages.get(0)) > Vectors.dot(question, passages.get(1)) + 0.05,
                    "the rent passage is closer to the rent question");
            // The same words on the two sides are embedded differently: the prefixes are applied.
            assertTrue(Vectors.dot(question, e5.embedPassages(List.of("When is the rent due?")).getFirst()) < 0.999);
        }
    }

    private static float similarity(String[] pair) {
        return Vectors.dot(embedder.embed(pair[0]), embedder.embed(pair[1]));
    }
}
