package app.porter.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import app.porter.inference.Embedder;
import app.porter.inference.EmbeddingModel;
import app.porter.inference.Vectors;
import app.porter.language.Glossary;
import app.porter.language.Language;

/**
 * Retrieval over the firm's knowledge base, as answerers use it: {@link #search(String, Scope, int)} returns the
 * best passages for a question within the asker's scope, ranked by hybrid (BM25 + vector) search, each with its
 * semantic similarity for the answer-or-not decision (see {@link ScoredPassage}).
 *
 * <p>Also embeds passages for indexing: each passage is embedded as several <em>views</em> (its heading, heading
 * plus text, and with {@link Views#SENTENCES} each sentence), and scores as its closest view.
 */
public final class KnowledgeBase {

    /** At most this many views per passage: heading, whole, and up to 30 sentences. */
    static final int MAX_VIEWS = 32;
    /**
     * How much closer to an off-topic example than to a passage a question may be and still be answered from it.
     * Calibrated on the retrieval evaluation: the largest that refuses no answerable question (0.08 refused "Is
     * there a gym in the building?"), and with it 16 of 28 off-topic questions are refused where the similarity
     * threshold alone refuses 9.
     */
    static final float OFF_TOPIC_MARGIN = 0.10f;
    /**
     * How much closer in meaning a passage must be than the fused first to take its place. Reciprocal-rank fusion
     * sees ranks only, so a passage that merely shares a word with the question (BM25 rank 1, cosine 0.41: "pay ...
     * rent" in "Early lease termination") beats one that answers it (cosine 0.63, no shared keyword: "Rent due
     * date"). A lead this large is not a near tie that keywords should settle: "Pets" (BM25's only hit) keeps its
     * place ahead of "Service animals", 0.14 closer. Measured on RetrievalEval and CrossLingualEval.
     */
    static final float CLEAR_LEAD = 0.20f;
    /**
     * A question whose words the knowledge base all but lacks (this share of its weight, {@link
     * TermCoverage#unknownShare}) is not answered unless a passage is at least {@link #UNKNOWN_CEILING} close in
     * meaning: "Is there a sauna?" or "Do you have a doorman?" is close to the pool rules or the guest rules
     * (0.38, 0.27) but no document says "sauna" or "doorman". Calibrated on RetrievalEval's dev questions: the
     * answerable question with the most unknown weight has 0.82 ("Can I put together a bookshelf with a drill at
     * midnight?"), the off-topic ones 1.00, at best 0.39 close.
     */
    static final double UNKNOWN_SHARE = 0.9;
    /**
     * How far below the best passage a passage of another section may score and still be quoted with it, when it
     * holds words of the question the best lacks. A question two sections answer ("Where can my visitors leave
     * their car?": Parking, and Guests on visitor spaces) meets the second in one sentence of a passage about
     * something else, so it scores well below the first (0.41 vs 0.63 in RetrievalEval's two-section questions).
     */
    static final float SECOND_SECTION_MARGIN = 0.25f;
    /**
     * How far apart, in words, an asked thing's words may stand in a passage and still name it: "dog park" is not
     * "dogs" at the start of the pet rules and "parking garage" at their end (round 11 of issue 12: a fourth of 24
     * off-topic questions refused on Juniper Row, no answerable question lost on any set).
     */
    private static final int THING_SLOP = 4;
    /** How much less close the asker's unit's passage may be and still go first ({@link #unitFirst}). */
    private static final float UNIT_MARGIN = 0.10f;
    /** How far down the ranking the asker's unit's passage is looked for ({@link #unitFirst}). */
    private static final int UNIT_DEPTH = 3;
    /**
     * How close a passage must be to be a paraphrase of a question about an unknown thing whatever the thing's words
     * do: "Which city is the capital of Mongolia?" is 0.75 close to a published correction, and 0.77 without "city"
     * (a word of asking as much as a thing). The off-topic questions the thing test refuses are at most 0.59 close.
     */
    private static final float SURE_PARAPHRASE = 0.65f;
    /** How many passages closest to a question without its asked thing are compared with the question's. */
    private static final int THING_CHECK_DEPTH = 10;
    /** How close a passage must be to answer a question whose words the knowledge base lacks: a paraphrase. */
    static final float UNKNOWN_CEILING = 0.5f;
    /** Passages embedded together, between two progress reports. */
    private static final int EMBED_GROUP = 16;
    /** At most this many more candidates are asked for to make up for held passages dropped from a result. */
    private static final int MAX_HELD_EXTRA = 100;

    /** Which texts of a passage get a vector (the "views" it is found by). */
    public enum Views {
        /** Heading plus text. */
        WHOLE,
        /** Heading plus text, and each sentence. */
        SENTENCES
    }

    /**
     * The model retrieval embeds with, chosen by RetrievalEval (see the README's evaluation section). Not the model
     * of intents and emergencies (MessageAnalyzer): their thresholds are calibrated on all-MiniLM-L6-v2.
     */
    public static final EmbeddingModel MODEL = EmbeddingModel.MINILM_L6_V2_Q;
    /**
     * The views Porter indexes, chosen by RetrievalEval (see the README's evaluation section): whole passages
     * rank as well as with every sentence a view (hit@1 0.865 both, hit@3 0.971 vs 0.953) for a third of the
     * vectors, so ingestion embeds about three times less.
     */
    public static final Views DEFAULT_VIEWS = Views.WHOLE;

    private final Embedder embedder;
    private final KnowledgeIndex index;
    private final Views views;
    /** {@link OffTopic}'s examples, embedded once at start (query side). */
    private final List<float[]> offTopicExamples;
    private volatile Supplier<Set<String>> heldBack = Set::of;
    /** The names an asker's property and unit go by (set by {@link KnowledgeLibrary} from the portfolio). */
    private volatile java.util.function.Function<Scope, List<String>> names = scope -> List.of();

    public KnowledgeBase(Embedder embedder, KnowledgeIndex index) {
        this(embedder, index, DEFAULT_VIEWS);
    }

    /** @param views which texts of a passage are embedded (the evaluation compares them) */
    public KnowledgeBase(Embedder embedder, KnowledgeIndex index, Views views) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.index = Objects.requireNonNull(index, "index");
        this.views = Objects.requireNonNull(views, "views");
        this.offTopicExamples = embedder.embedAll(OffTopic.questions());
        if (!embedder.modelName().equals(index.model()) || embedder.dimensions() != index.dimensions()) {
            throw new IllegalArgumentException("the index is for " + index.model() + ", the embedder is "
                    + embedder.modelName());
        }
    }

    /**
     * How close a question is to the things no property document answers ({@code /knowledge/off-topic.txt}:
     * general knowledge, the world outside the building): the best cosine with one of them. A question closer to
     * those than to the passage found for it, by more than {@link #OFF_TOPIC_MARGIN}, is not answered from it.
     */
    public float offTopicSimilarity(float[] queryVector) {
        float best = -1f;
        for (float[] anchor : offTopicExamples) {
            best = Math.max(best, Vectors.dot(queryVector, anchor));
        }
        return best;
    }

    public KnowledgeIndex index() {
        return index;
    }

    public Embedder embedder() {
        return embedder;
    }

    /**
     * The {@code limit} best passages for {@code query} that an asker in {@code scope} may see, best first.
     * Never returns a passage of another property or another unit.
     */
    public List<ScoredPassage> search(String query, Scope scope, int limit) {
        return search(query, scope, limit, KnowledgeIndex.Mode.HYBRID);
    }

    /**
     * As {@link #search(String, Scope, int)} for an asker speaking {@code language} (BCP 47; null or unsupported:
     * no preference): among comparably relevant passages, those written in that language come first.
     */
    public List<ScoredPassage> search(String query, Scope scope, int limit, Language language) {
        Objects.requireNonNull(scope, "scope");
        return run(query, scope.visibleKeys(), limit, KnowledgeIndex.Mode.HYBRID, language);
    }

    /**
     * As {@link #search(String, Scope, int, Language)} with the query's embedding already made (by the message
     * analysis, so a message is embedded once); null to embed {@code query} here.
     */
    public List<ScoredPassage> search(String query, float[] queryVector, Scope scope, int limit, Language language) {
        Objects.requireNonNull(scope, "scope");
        return run(query, queryVector, scope.visibleKeys(), limit, KnowledgeIndex.Mode.HYBRID, language);
    }

    /**
     * As {@link #search(String, float[], Scope, int, Language)} for a question in several wordings: as the tenant
     * wrote it and as it reads in the knowledge base's language. BM25 ranks by each wording (a passage keeps its
     * best rank); {@code queryVector} is the embedding of the wording the knowledge base is written in.
     */
    public List<ScoredPassage> search(List<String> wordings, float[] queryVector, Scope scope, int limit,
                                      Language language) {
        Objects.requireNonNull(scope, "scope");
        return run(wordings, queryVector, scope.visibleKeys(), limit, KnowledgeIndex.Mode.HYBRID, language);
    }

    /** As {@link #search(String, Scope, int)}, with one ranking alone when {@code mode} says so (evaluation). */
    public List<ScoredPassage> search(String query, Scope scope, int limit, KnowledgeIndex.Mode mode) {
        Objects.requireNonNull(scope, "scope");
        return run(query, scope.visibleKeys(), limit, mode, null);
    }

    /**
     * The passages that may answer {@code query}: the best {@code limit} in fused order, kept when their similarity
     * clears {@code minSimilarity} ({@link ScoredPassage#clears}) and the question is not closer to something no
     * property document answers ({@link #offTopicSimilarity}) than to them, by more than {@link #OFF_TOPIC_MARGIN}.
     * Empty: say "I don't know".
     *
     * @param queryVector the query's embedding by this knowledge base's model when already made; null to embed here
     */
    public List<ScoredPassage> answering(String query, float[] queryVector, Scope scope, int limit, Language language,
                                         float minSimilarity) {
        return answering(query == null ? List.of() : List.of(query), queryVector, scope, limit, language,
                minSimilarity);
    }

    /**
     * As {@link #answering(String, float[], Scope, int, Language, float)} for a question in several wordings (see
     * {@link #search(List, float[], Scope, int, Language)}); {@code queryVector} embeds the last wording.
     */
    public List<ScoredPassage> answering(List<String> wordings, float[] queryVector, Scope scope, int limit,
                                         Language language, float minSimilarity) {
        Objects.requireNonNull(scope, "scope");
        Question question = question(wordings, queryVector, KnowledgeIndex.Mode.HYBRID, language);
        if (question == null) {
            return List.of();
        }
        List<String> usable = question.wordings();
        Language written = language == null ? Language.EN : language;
        if (written == Language.EN && BeyondDocuments.asks(usable.getFirst())) {
            return List.of(); // by its form alone: no search needed
        }
        float offTopic = offTopicSimilarity(question.vector());
        List<ScoredPassage> found = ranked(question, scope.visibleKeys(), limit, KnowledgeIndex.Mode.HYBRID,
                language).stream()
                .filter(hit -> hit.clears(minSimilarity) && hit.score() >= offTopic - OFF_TOPIC_MARGIN)
                .toList();
        if (found.isEmpty()) {
            return found;
        }
        if (written == Language.EN) {
            found = holdingAskedKind(usable.getFirst(), found);
            if (found.isEmpty()) {
                return found;
            }
        }
        String judged = judgedWording(usable, language);
        if (judged == null) {
            return found;
        }
        Optional<String> thing = AskedThing.in(usable.getFirst(), written);
        if (aboutTheUnknown(judged, usable.getFirst(), thing, written, scope)
                && !paraphrased(judged, written == Language.EN ? thing : Optional.empty(), scope, found)) {
            return List.of();
        }
        return found;
    }

    /**
     * The passages found for an English question that hold the kind of value its form asks for ({@link AnswerKind}:
     * a year, a phone number, an amount of money), in their order; all of them when it asks for none. "How much
     * extra will I owe if rent is a couple of days late?" is closest to the grace period clause, which names no
     * amount, and then to the late charge, which does; "What year was the building built?" is answered by no
     * passage that holds no year.
     */
    private static List<ScoredPassage> holdingAskedKind(String question, List<ScoredPassage> found) {
        Optional<AnswerKind> kind = AnswerKind.askedIn(question);
        return kind.isEmpty() ? found : found.stream().filter(hit -> kind.get().heldBy(hit.passage())).toList();
    }

    /**
     * Whether the knowledge base lacks the words of what a question is about: the judged wording's words all but
     * wholly ({@link #UNKNOWN_SHARE}), or a word of the thing the question asks about ({@link AskedThing}): "Do you
     * have a piano room?" is about a piano room however well "room" is known. Round 7 of issue 12 (README).
     *
     * @param judged the wording the term gate judges ({@link #judgedWording})
     * @param asked the question as the tenant wrote it
     * @param thing what {@code asked} asks about ({@link AskedThing#in}), found once for the whole gate
     * @param written the language {@code asked} is written in
     */
    private boolean aboutTheUnknown(String judged, String asked, Optional<String> thing, Language written,
                                    Scope scope) {
        if (coverage(judged, scope).unknownShare() >= UNKNOWN_SHARE) {
            return true;
        }
        return thing.isPresent() && (thingUnknown(thing.get(), written, scope)
                || AskedThing.places(asked, written).stream().anyMatch(place -> thingUnknown(place, written, scope)));
    }

    /**
     * Whether no passage in scope has a word for {@code thing}. In another language the thing is judged by its
     * glossary rendering, and a thing the glossary cannot render whole is unknown: "un sauna" renders as nothing.
     */
    private boolean thingUnknown(String thing, Language language, Scope scope) {
        String english = thing;
        if (language != Language.EN) {
            Optional<Glossary.Rendering> rendering = Glossary.bundled().toEnglish(thing, language);
            if (rendering.isEmpty() || rendering.get().known() < rendering.get().words()) {
                return true;
            }
            english = rendering.get().english();
        }
        TermCoverage coverage = coverage(english, scope, true);
        if (!coverage.unknown().isEmpty()) {
            return true;
        }
        // A thing of several words is one thing: "dry cleaning pickup" is not cleaning in one section and pickup
        // in another (round 9 of issue 12), and a "dog wash station" is not a dog in the pet rules beside the
        // laundry room's washers (round 10): one passage has its words close together ({@link #THING_SLOP}), or
        // their synonyms in the documents' words.
        // The asker's own names are words of asking, as above.
        if (coverage.terms().size() < 2) {
            return false;
        }
        String words = withoutNames(english, nameTerms(scope));
        if (index.passagesWithNear(words, scope.visibleKeys(), THING_SLOP) > 0) {
            return false;
        }
        String documentWords = Glossary.bundled().inDocumentWords(words);
        return documentWords.equals(words)
                || index.passagesWithNear(documentWords, scope.visibleKeys(), THING_SLOP) == 0;
    }

    /**
     * The wording the term gate judges: an English question as written; a question in another language by its
     * glossary rendering (the last of two wordings), which holds the English words the glossary knows for it and
     * its names and numbers, so "Thủ đô của Úc là gì?" (the capital of Australia) is judged as "capital city Úc"
     * (round 6 of issue 12, README: 3 more of 30 off-topic questions refused, no answerable one). Null when there
     * is nothing to judge by words: a question in another language the glossary knows none of the words of.
     */
    static String judgedWording(List<String> usable, Language language) {
        if (usable.size() == 1 && (language == null || language == Language.EN)) {
            return usable.getFirst();
        }
        return usable.size() == 2 && language != null && language != Language.EN ? usable.getLast() : null;
    }

    /**
     * Whether a question whose words the knowledge base lacks is still answered: a passage is {@link
     * #UNKNOWN_CEILING} close to it (a paraphrase). A question that names the asker's property or unit is judged
     * without the names (round 5 of issue 12, README): "Does Linden Yard have a gym?" is 0.65 close to the
     * handbook's opening passage by the name alone. An English question that asks about a thing ({@link
     * AskedThing}) is a paraphrase only of a passage the thing's words bring it closer to (round 11 of issue 12):
     * "Is there a notary at the leasing office who could stamp a document for me?" is 0.59 close to the portfolio
     * FAQ on copies of the lease, and 0.67 without "notary"; "How much does a replacement key fob cost?" is 0.69
     * close to the lease's keys clause, and 0.24 without "replacement key fob". A passage {@link #SURE_PARAPHRASE}
     * close is a paraphrase without the test.
     *
     * @param thing the English question's asked thing; empty for a question in another language (judged by its
     *              rendering, which the thing's words are not in)
     */
    private boolean paraphrased(String question, Optional<String> thing, Scope scope, List<ScoredPassage> found) {
        List<ScoredPassage> close = found.stream().filter(hit -> hit.score() >= UNKNOWN_CEILING).toList();
        if (close.isEmpty()) {
            return false;
        }
        Set<String> names = nameTerms(scope);
        Set<String> asked = new java.util.HashSet<>(index.terms(question));
        asked.removeAll(TermCoverage.ASKING);
        String judged = question;
        if (!names.isEmpty() && !java.util.Collections.disjoint(asked, names)) {
            judged = withoutNames(question, names);
            close = judged.isBlank() ? List.of() : search(judged, scope, 1, KnowledgeIndex.Mode.VECTOR).stream()
                    .filter(hit -> hit.score() >= UNKNOWN_CEILING).toList();
        }
        if (close.isEmpty() || thing.isEmpty() || close.stream().anyMatch(hit -> hit.score() >= SURE_PARAPHRASE)) {
            return !close.isEmpty();
        }
        String thingless = AskedThing.without(judged, thing.get());
        if (thingless.isBlank()) {
            return true;
        }
        Map<String, Float> withoutThing = new HashMap<>();
        for (ScoredPassage hit : search(thingless, scope, THING_CHECK_DEPTH, KnowledgeIndex.Mode.VECTOR)) {
            withoutThing.put(hit.passage().id(), hit.score());
        }
        // a passage not among the thing-less question's closest is further from it than from the question
        return close.stream().anyMatch(hit -> hit.score() > withoutThing.getOrDefault(hit.passage().id(), 0f));
    }

    /** The analysed words of the names the asker's property and unit go by. */
    Set<String> nameTerms(Scope scope) {
        Set<String> terms = new java.util.HashSet<>();
        for (String name : names.apply(scope)) {
            terms.addAll(index.terms(name));
        }
        terms.removeAll(TermCoverage.ASKING);
        return terms;
    }

    /** {@code question} without the words that are (all of their analysed terms) one of {@code names}' words. */
    String withoutNames(String question, Set<String> names) {
        StringBuilder kept = new StringBuilder();
        for (String word : question.split("\\s+")) {
            List<String> terms = index.terms(word);
            if (terms.isEmpty() || !names.containsAll(terms)) {
                kept.append(kept.isEmpty() ? "" : " ").append(word);
            }
        }
        return kept.toString();
    }

    /** The names of {@code scope}'s property and unit (their ids, names), for the term gate. */
    void namedBy(java.util.function.Function<Scope, List<String>> names) {
        this.names = Objects.requireNonNull(names);
    }

    /**
     * Which of the question's words no passage the asker may see contains, after the synonym map has added the
     * documents' words for tenants' words ({@link Glossary#withSynonyms}): "vape" is not unknown when "smoking"
     * is written.
     */
    public TermCoverage coverage(String query, Scope scope) {
        return coverage(query, scope, false);
    }

    /**
     * @param synonymsWhole whether a synonym counts only when one passage has all of its words: an asked thing's
     *                      synonym names one thing ("EV charger" is "charging electric vehicle", not "late charges"
     *                      in one passage and "vehicles" in another; round 9 of issue 12)
     */
    private TermCoverage coverage(String query, Scope scope, boolean synonymsWhole) {
        String usable = QueryText.withoutContacts(query);
        TermCoverage coverage = index.coverage(usable, scope.visibleKeys());
        coverage = coverage.without(nameTerms(scope)); // the asker's own names: words of asking (round 5)
        if (coverage.unknown().isEmpty()) {
            return coverage;
        }
        // A tenant's word the documents do not use counts as known when the documents use its synonym.
        for (Glossary.Synonym synonym : Glossary.bundled().synonyms(usable)) {
            int count = synonymsWhole ? index.passagesWithAll(synonym.documentWords(), scope.visibleKeys())
                    : index.coverage(synonym.documentWords(), scope.visibleKeys()).passagesWith().stream()
                            .max(Integer::compare).orElse(0);
            for (String term : index.coverage(synonym.words(), scope.visibleKeys()).terms()) {
                coverage = coverage.known(term, count);
            }
        }
        return coverage;
    }

    /**
     * Whether {@code second} answers part of {@code question} that {@code first} does not: it scores within
     * {@link #SECOND_SECTION_MARGIN} of the first and holds words of the question (or their synonyms in the
     * documents' words) that the first does not, two of them, or one when keyword search found it. Then both are
     * quoted. RetrievalEval: all three two-section questions quote both; 40 of 173 answers quote two (33 before).
     */
    public boolean answersMoreOf(String question, ScoredPassage first, ScoredPassage second) {
        if (question == null || second.score() < first.score() - SECOND_SECTION_MARGIN
                || first.passage().id().equals(second.passage().id())) {
            return false;
        }
        String usable = QueryText.withoutContacts(question);
        Set<String> asked = new java.util.HashSet<>(index.terms(Glossary.bundled().withSynonyms(usable)
                .orElse(usable)));
        asked.removeAll(TermCoverage.ASKING);
        asked.removeAll(index.terms(first.passage().title() + "\n" + first.passage().text()));
        asked.retainAll(index.terms(second.passage().title() + "\n" + second.passage().text()));
        // One shared word is often chance ("rent" in a fee clause); two, or one that keyword search also ranked
        // the passage for, is another part of the question.
        return asked.size() >= 2 || (!asked.isEmpty() && second.keywordRank() > 0);
    }

    /** Every document of every scope: for staff looking for where something is written, never for tenants. */
    public List<ScoredPassage> searchEverywhere(String query, int limit) {
        return searchEverywhere(query, limit, null);
    }

    /** As {@link #searchEverywhere(String, int)}, preferring passages in {@code language} (null: none). */
    public List<ScoredPassage> searchEverywhere(String query, int limit, Language language) {
        return run(query, null, limit, KnowledgeIndex.Mode.HYBRID, language);
    }

    private List<ScoredPassage> run(String query, List<String> scopeKeys, int limit, KnowledgeIndex.Mode mode,
                                    Language language) {
        return run(query, null, scopeKeys, limit, mode, language);
    }

    private List<ScoredPassage> run(String query, float[] queryVector, List<String> scopeKeys, int limit,
                                    KnowledgeIndex.Mode mode, Language language) {
        return run(query == null ? List.of() : List.of(query), queryVector, scopeKeys, limit, mode, language);
    }

    private List<ScoredPassage> run(List<String> wordings, float[] queryVector, List<String> scopeKeys, int limit,
                                    KnowledgeIndex.Mode mode, Language language) {
        Question question = question(wordings, queryVector, mode, language);
        return question == null || limit <= 0 ? List.of() : ranked(question, scopeKeys, limit, mode, language);
    }

    /** A question as retrieval reads it: its usable wordings, respelled, and the embedding of the last one. */
    private record Question(List<String> wordings, float[] vector) {
    }

    /**
     * The question retrieval reads, made once per question (searching and answering both start here): the
     * wordings without contacts, an English one's misspellings repaired, and the last one's embedding: {@code
     * queryVector} when it embeds those very words (the message analysis embedded the question as written), made
     * here otherwise (a repaired question, about 1 ms); none for keywords alone. Null when nothing is left to ask.
     */
    private Question question(List<String> wordings, float[] queryVector, KnowledgeIndex.Mode mode,
                              Language language) {
        List<String> asWritten = usable(wordings);
        if (asWritten.isEmpty()) {
            return null;
        }
        List<String> usable = respelled(asWritten, language);
        float[] vector = mode == KnowledgeIndex.Mode.KEYWORD ? null
                : queryVector != null && usable.equals(asWritten) ? queryVector : embedder.embed(usable.getLast());
        return new Question(usable, vector);
    }

    /**
     * The one way into the index: every search, in any number of wordings, passes here, so a passage held for
     * review is never returned, whatever language the question came in.
     */
    private List<ScoredPassage> ranked(Question question, List<String> scopeKeys, int limit, KnowledgeIndex.Mode mode,
                                       Language language) {
        List<String> usable = withSynonyms(question.wordings());
        float[] vector = question.vector();
        Set<String> held = heldBack.get();
        if (held.isEmpty()) {
            return unitFirst(clearLeadFirst(index.search(usable, vector, scopeKeys, limit, mode, language)));
        }
        // Passages held for review are never answered from: asked for a few more, they are dropped here.
        return unitFirst(clearLeadFirst(index.search(usable, vector, scopeKeys,
                limit + Math.min(held.size(), MAX_HELD_EXTRA), mode, language).stream()
                .filter(p -> !held.contains(p.passage().id())).limit(limit).toList()));
    }

    /**
     * The ranking with the asker's own unit's passage first (its lease, its repairs) when one of the first {@link
     * #UNIT_DEPTH} is within {@link #UNIT_MARGIN} in similarity of a first passage that the whole property shares:
     * the lease binds the tenant of 12C, where the FAQ speaks for everyone ("how much extra am i gonna owe for
     * paying rent late": the lease's late-charge clause before the FAQ's late fees). Round 11 of issue 12: held-out
     * 9 hit@1 0.844 -> 0.911, held-out 5 0.875 -> 0.900, no other set moved (README).
     */
    static List<ScoredPassage> unitFirst(List<ScoredPassage> ranked) {
        if (ranked.size() < 2 || ranked.getFirst().passage().unitId() != null) {
            return ranked;
        }
        ScoredPassage first = ranked.getFirst();
        for (ScoredPassage hit : ranked.subList(1, Math.min(UNIT_DEPTH, ranked.size()))) {
            if (hit.passage().unitId() != null && hit.score() >= first.score() - UNIT_MARGIN) {
                List<ScoredPassage> reordered = new java.util.ArrayList<>(ranked.size());
                reordered.add(hit);
                ranked.stream().filter(other -> other != hit).forEach(reordered::add);
                return List.copyOf(reordered);
            }
        }
        return ranked;
    }

    /** The fused ranking, with the closest passage first when it leads the fused first by {@link #CLEAR_LEAD}. */
    static List<ScoredPassage> clearLeadFirst(List<ScoredPassage> ranked) {
        if (ranked.size() < 2) {
            return ranked;
        }
        ScoredPassage closest = ranked.stream().max(java.util.Comparator.comparingDouble(ScoredPassage::score))
                .orElseThrow();
        if (closest.score() < ranked.getFirst().score() + CLEAR_LEAD) {
            return ranked;
        }
        List<ScoredPassage> reordered = new java.util.ArrayList<>(ranked.size());
        reordered.add(closest);
        ranked.stream().filter(hit -> hit != closest).forEach(reordered::add);
        return List.copyOf(reordered);
    }

    /**
     * The wordings with the knowledge base's words for the last (English) one put before it, for BM25 ({@link
     * Glossary#withSynonyms}): a passage keeps its best rank under any wording, so the expanded wording ranks first
     * and the question as written still counts. The vector is the embedding of the question as written.
     */
    private static List<String> withSynonyms(List<String> usable) {
        return Glossary.bundled().withSynonyms(usable.getLast()).map(expanded -> {
            List<String> all = new ArrayList<>(usable.subList(0, usable.size() - 1));
            all.add(expanded);
            all.add(usable.getLast());
            return List.copyOf(all);
        }).orElse(usable);
    }

    /**
     * The wordings with an English question's misspellings repaired from the documents' words ({@link Respelling}).
     * A question in another language is left as the glossary rendered it: its leftover words are not misspelt
     * English.
     */
    private List<String> respelled(List<String> usable, Language language) {
        if (language != null && language != Language.EN) {
            return usable;
        }
        return usable.stream().map(index::respelled).distinct().toList();
    }

    /** An English question with its misspellings repaired, as retrieval reads it (for the evaluation's report). */
    String respelled(String question) {
        return index.respelled(question);
    }

    private static List<String> usable(List<String> wordings) {
        return wordings.stream().filter(w -> w != null && !w.isBlank()).map(QueryText::withoutContacts)
                .filter(w -> !w.isEmpty()).distinct().toList();
    }

    /** Passages to leave out of every search: those held for staff review ({@link PassageReviews}). */
    void holdBack(Supplier<Set<String>> held) {
        this.heldBack = held;
    }

    /** The passages of a document, in order. */
    public List<Passage> passages(String documentId) {
        return index.passages(documentId);
    }

    /**
     * Embeds every view of every passage, on the embedder's passage side. A text that occurs twice in the document
     * (a repeated heading, a boilerplate sentence) is embedded once: one run per text gives the same vector anyway.
     *
     * @param progress told the number of passages done so far, after each group
     */
    public List<KnowledgeIndex.IndexedPassage> embed(List<Passage> passages, IntConsumer progress) {
        List<KnowledgeIndex.IndexedPassage> indexed = new ArrayList<>(passages.size());
        Map<String, float[]> embedded = new HashMap<>();
        for (int start = 0; start < passages.size(); start += EMBED_GROUP) {
            List<Passage> group = passages.subList(start, Math.min(passages.size(), start + EMBED_GROUP));
            List<List<String>> views = group.stream().map(p -> views(p, this.views)).toList();
            List<String> fresh = views.stream().flatMap(List::stream).distinct()
                    .filter(text -> !embedded.containsKey(text)).toList();
            List<float[]> vectors = embedder.embedPassages(fresh);
            for (int i = 0; i < fresh.size(); i++) {
                embedded.put(fresh.get(i), vectors.get(i));
            }
            for (int i = 0; i < group.size(); i++) {
                indexed.add(new KnowledgeIndex.IndexedPassage(group.get(i), start + i,
                        views.get(i).stream().map(embedded::get).toList()));
            }
            progress.accept(start + group.size());
        }
        return indexed;
    }

    /**
     * What is embedded for a passage: its heading with its text; with {@link Views#SENTENCES}, also each sentence
     * when there are several. The heading is not embedded alone (round 8 of issue 12, README): a heading that is
     * a tenant's question ("Can my dog walker get in without me there?", every FAQ entry) was closer to other
     * tenants' questions by its wording than the passage that answers them, and without it the shipped ranking
     * puts the right passage first for 3 more of 173 dev questions and 3 more of 41 on the newest held-out
     * property, refuses more off-topic questions, and embeds half as many texts at ingestion.
     */
    static List<String> views(Passage passage, Views kind) {
        Set<String> views = new LinkedHashSet<>();
        views.add(passage.embeddingText());
        List<String> sentences = kind == Views.SENTENCES ? Text.sentences(passage.text()) : List.of();
        if (sentences.size() > 1) {
            for (String sentence : sentences) {
                if (views.size() >= MAX_VIEWS) {
                    break;
                }
                views.add(sentence);
            }
        }
        return List.copyOf(views);
    }

    /** Deletes a document's passages; no search sees them once this returns. */
    public void delete(String documentId) {
        index.delete(documentId);
    }
}
