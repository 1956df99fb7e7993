package app.porter.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import app.porter.inference.Vectors;

/**
 * A second stage compared in {@link RetrievalEval} (issue 12, round 3): the shipped hybrid ranking's first few
 * candidates re-ordered by how close their best <em>sentence</em> is to the question. A passage's whole-text
 * vector averages every sentence, so a clause that answers in one sentence among five ("The landlord may enter
 * with 24 hours' notice") is as far from the question as its subject is from the others; its best sentence is
 * not. Each sentence is embedded on the passage side with the heading before it, as the whole view is ("7.2
 * Pets. No dogs over 25 kg."), so a sentence that says "it" still carries its subject.
 *
 * <p>Sentence vectors are kept per passage once made (as an index would keep them), and the time to make them
 * for a question's candidates on first sight is measured: that is the query-time cost without an index-time
 * cache.
 */
final class SentenceRerank {

    /**
     * A candidate of the shipped ranking with its best heading-prefixed sentence's cosine to the question, and its
     * best sentence's without the heading ({@code bare}, for comparison).
     */
    record Candidate(ScoredPassage hit, float sentence, float bare) {
    }

    /** A question's shipped top 10, the first {@link #DEPTH} with their sentence cosines, and its off-topic closeness. */
    record Ranked(List<Candidate> candidates, float offTopic, boolean shippedAnswers) {
        /** The best sentence cosine among the first {@code n} candidates: the gate's signal. */
        float bestSentence(int n) {
            return (float) candidates.stream().limit(n).mapToDouble(Candidate::sentence).max().orElse(-1);
        }
    }

    /** How many of the fused candidates get sentence scores (the deepest re-rank compared). */
    static final int DEPTH = 8;

    private final KnowledgeBase knowledge;
    private final Map<String, List<float[]>> sentenceVectors = new HashMap<>();
    private final Map<String, List<float[]>> bareVectors = new HashMap<>();
    private long embedNanos;
    private int embeddedQuestions;
    private long worstNanos;

    SentenceRerank(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    /** The texts embedded for a passage: each sentence with the heading before it (the passage alone if one). */
    static List<String> sentenceTexts(Passage passage) {
        List<String> sentences = Text.sentences(passage.text());
        if (sentences.size() <= 1) {
            return List.of(passage.embeddingText());
        }
        return sentences.stream().map(s -> passage.title().isEmpty() ? s : passage.title() + ". " + s).toList();
    }

    /** The sentences alone (the passage's whole text when it has one sentence). */
    static List<String> bareTexts(Passage passage) {
        List<String> sentences = Text.sentences(passage.text());
        return sentences.size() <= 1 ? List.of(passage.embeddingText()) : sentences;
    }

    /** The shipped ranking for {@code question} with sentence scores, and whether the shipped gate answers it. */
    Ranked rank(RetrievalEval.Question question, float minSimilarity) {
        float[] vector = knowledge.embedder().embed(question.text());
        List<ScoredPassage> shipped = knowledge.search(question.text(), vector, question.scope(), 10, null);
        List<ScoredPassage> fresh = shipped.stream().limit(DEPTH)
                .filter(hit -> !sentenceVectors.containsKey(hit.passage().id())).toList();
        if (!fresh.isEmpty()) {
            long start = System.nanoTime();
            for (ScoredPassage hit : fresh) {
                sentenceVectors.put(hit.passage().id(), knowledge.embedder().embedPassages(sentenceTexts(hit.passage())));
            }
            long took = System.nanoTime() - start;
            embedNanos += took;
            worstNanos = Math.max(worstNanos, took);
            embeddedQuestions++;
            for (ScoredPassage hit : fresh) {
                bareVectors.put(hit.passage().id(), knowledge.embedder().embedPassages(bareTexts(hit.passage())));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < shipped.size(); i++) {
            ScoredPassage hit = shipped.get(i);
            float best = -1f;
            float bare = -1f;
            if (i < DEPTH) {
                for (float[] sentence : sentenceVectors.get(hit.passage().id())) {
                    best = Math.max(best, Vectors.dot(vector, sentence));
                }
                for (float[] sentence : bareVectors.get(hit.passage().id())) {
                    bare = Math.max(bare, Vectors.dot(vector, sentence));
                }
            }
            candidates.add(new Candidate(hit, best, bare));
        }
        boolean answers = !knowledge.answering(question.text(), vector, question.scope(), 3, null, minSimilarity)
                .isEmpty();
        return new Ranked(List.copyOf(candidates), knowledge.offTopicSimilarity(vector), answers);
    }

    /**
     * What embedding the sentences of a question's candidates at query time cost, over the questions that had
     * any not yet embedded: mean and worst, in milliseconds.
     */
    String latency() {
        return String.format(Locale.ROOT, "sentence embedding at query time (candidates not seen before): mean %.1f ms,"
                        + " worst %.1f ms over %d questions", embeddedQuestions == 0 ? 0 : embedNanos / 1e6 / embeddedQuestions,
                worstNanos / 1e6, embeddedQuestions);
    }

    /**
     * The query-time cost with no cache at all: embedding every sentence of the first {@code depth} candidates of
     * each question afresh (median and worst, milliseconds, after one warm-up question).
     */
    String coldLatency(List<RetrievalEval.Question> questions, int depth) {
        List<Long> took = new ArrayList<>();
        int sentences = 0;
        for (RetrievalEval.Question question : questions) {
            List<ScoredPassage> shipped = knowledge.search(question.text(), question.scope(), depth);
            List<String> texts = shipped.stream().flatMap(hit -> sentenceTexts(hit.passage()).stream()).toList();
            long start = System.nanoTime();
            knowledge.embedder().embedPassages(texts);
            took.add(System.nanoTime() - start);
            sentences += texts.size();
        }
        took.removeFirst();
        List<Long> sorted = took.stream().sorted().toList();
        return String.format(Locale.ROOT, "embedding the sentences of the top %d at query time, no cache: median %.1f ms,"
                        + " 90th percentile %.1f ms, worst %.1f ms (%.1f sentences a question, %d questions)", depth,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6,
                sorted.getLast() / 1e6, (double) sentences / questions.size(), questions.size());
    }

    /**
     * What keeping sentence vectors at index time would cost: how many texts ingestion embeds now (the whole
     * views) and how many heading-prefixed sentences it would embed besides.
     */
    static String indexCost(List<Passage> passages) {
        int views = passages.stream().mapToInt(p -> KnowledgeBase.views(p, KnowledgeBase.Views.WHOLE).size()).sum();
        int sentences = passages.stream().mapToInt(p -> sentenceTexts(p).size()).sum();
        return String.format(Locale.ROOT, "cached at index time instead: %d passages, %d whole views embedded now,"
                + " %d heading-prefixed sentences more (x%.1f the embedding at ingestion)", passages.size(), views,
                sentences, (double) (views + sentences) / views);
    }

    /** The re-rankings compared, by label: each takes a question's candidates and returns the new order. */
    static Map<String, Function<List<Candidate>, List<ScoredPassage>>> candidates() {
        Map<String, Function<List<Candidate>, List<ScoredPassage>>> all = new LinkedHashMap<>();
        all.put("shipped (no re-rank)", c -> c.stream().map(Candidate::hit).toList());
        for (int depth : new int[]{3, 5, 8}) {
            all.put("top " + depth + " by best sentence", c -> reorder(c, depth,
                    Comparator.comparingDouble(x -> -x.sentence())));
        }
        all.put("top 5 by max(best sentence, passage cosine)", c -> reorder(c, 5,
                Comparator.comparingDouble(x -> -Math.max(x.sentence(), x.hit().score()))));
        all.put("top 5 by best sentence + passage cosine", c -> reorder(c, 5,
                Comparator.comparingDouble(x -> -(x.sentence() + x.hit().score()))));
        for (float weight : new float[]{0.05f, 0.10f, 0.20f, 0.30f, 0.50f}) {
            all.put(String.format(Locale.ROOT, "top 5 by best sentence + %.2f x fused / first fused", weight),
                    c -> reorder(c, 5, Comparator.comparingDouble(x -> -(x.sentence()
                            + weight * x.hit().fused() / c.getFirst().hit().fused()))));
        }
        for (int k : new int[]{1, 3}) {
            all.put("top 5 by RRF (k " + k + ") of fused rank and sentence rank", c -> rrf(c, 5, k));
        }
        for (float lead : new float[]{0.05f, 0.10f, 0.15f, 0.20f, 0.25f}) {
            all.put(String.format(Locale.ROOT, "top 5: best sentence first when it leads the first's by %.2f", lead),
                    c -> lead(c, 5, lead, Candidate::sentence));
        }
        all.put("top 5 by best sentence without its heading", c -> reorder(c, 5,
                Comparator.comparingDouble(x -> -x.bare())));
        for (float lead : new float[]{0.10f, 0.15f}) {
            all.put(String.format(Locale.ROOT, "top 5: best sentence without its heading first when it leads by %.2f",
                    lead), c -> lead(c, 5, lead, Candidate::bare));
        }
        return all;
    }

    private static List<ScoredPassage> reorder(List<Candidate> candidates, int depth, Comparator<Candidate> order) {
        int n = Math.min(depth, candidates.size());
        List<Candidate> head = new ArrayList<>(candidates.subList(0, n));
        head.sort(order); // stable: ties keep the fused order
        List<ScoredPassage> out = new ArrayList<>(head.stream().map(Candidate::hit).toList());
        candidates.subList(n, candidates.size()).forEach(c -> out.add(c.hit()));
        return out;
    }

    /** Reciprocal-rank fusion of the fused order and the best-sentence order within the first {@code depth}. */
    private static List<ScoredPassage> rrf(List<Candidate> candidates, int depth, int k) {
        int n = Math.min(depth, candidates.size());
        List<Candidate> bySentence = new ArrayList<>(candidates.subList(0, n));
        bySentence.sort(Comparator.comparingDouble(x -> -x.sentence()));
        Map<Candidate, Double> score = new HashMap<>();
        for (int i = 0; i < n; i++) {
            score.merge(candidates.get(i), 1.0 / (k + i + 1), Double::sum);
            score.merge(bySentence.get(i), 1.0 / (k + i + 1), Double::sum);
        }
        // Ties go to the fused order (the sentence rank alone does not overturn it).
        return reorder(candidates, depth, Comparator.comparingDouble(x -> -score.get(x)));
    }

    /** The candidate with the best sentence goes first only when its sentence beats the first's by {@code lead}. */
    private static List<ScoredPassage> lead(List<Candidate> candidates, int depth, float lead,
                                            java.util.function.ToDoubleFunction<Candidate> sentence) {
        int n = Math.min(depth, candidates.size());
        Candidate best = candidates.subList(0, n).stream().max(Comparator.comparingDouble(sentence))
                .orElse(null);
        if (best == null || sentence.applyAsDouble(best) < sentence.applyAsDouble(candidates.getFirst()) + lead) {
            return candidates.stream().map(Candidate::hit).toList();
        }
        List<ScoredPassage> out = new ArrayList<>();
        out.add(best.hit());
        candidates.stream().filter(c -> c != best).forEach(c -> out.add(c.hit()));
        return out;
    }
}
