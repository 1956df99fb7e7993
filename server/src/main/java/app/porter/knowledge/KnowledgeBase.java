package app.porter.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

import app.porter.inference.Embedder;
import app.porter.language.Language;

/**
 * Retrieval over the firm's knowledge base, as answerers use it: {@link #search(String, Scope, int)} returns the
 * best passages for a question within the asker's scope, ranked by hybrid (BM25 + vector) search, each with its
 * semantic similarity for the answer-or-not decision (see {@link ScoredPassage}).
 *
 * <p>Also embeds passages for indexing: each passage is embedded as several <em>views</em> (its heading, heading
 * plus text, and each sentence), and scores as its closest view.
 */
public final class KnowledgeBase {

    /** At most this many views per passage: heading, whole, and up to 30 sentences. */
    static final int MAX_VIEWS = 32;
    /** Passages embedded together, between two progress reports. */
    private static final int EMBED_GROUP = 16;

    private final Embedder embedder;
    private final KnowledgeIndex index;

    public KnowledgeBase(Embedder embedder, KnowledgeIndex index) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.index = Objects.requireNonNull(index, "index");
        if (!embedder.modelName().equals(index.model()) || embedder.dimensions() != index.dimensions()) {
            throw new IllegalArgumentException("the index is for " + index.model() + ", the embedder is "
                    + embedder.modelName());
        }
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
        List<String> usable = wordings.stream().filter(w -> w != null && !w.isBlank()).distinct().toList();
        if (usable.isEmpty() || limit <= 0) {
            return List.of();
        }
        float[] vector = queryVector != null ? queryVector : embedder.embed(usable.getLast().strip());
        return index.search(usable, vector, scope.visibleKeys(), limit, KnowledgeIndex.Mode.HYBRID, language);
    }

    /** As {@link #search(String, Scope, int)}, with one ranking alone when {@code mode} says so (evaluation). */
    public List<ScoredPassage> search(String query, Scope scope, int limit, KnowledgeIndex.Mode mode) {
        Objects.requireNonNull(scope, "scope");
        return run(query, scope.visibleKeys(), limit, mode, null);
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

    /** @param queryVector the query's embedding when already made; null to embed it here (unless keywords alone) */
    private List<ScoredPassage> run(String query, float[] queryVector, List<String> scopeKeys, int limit,
                                    KnowledgeIndex.Mode mode, Language language) {
        if (query == null || query.isBlank() || limit <= 0) {
            return List.of();
        }
        float[] vector = mode == KnowledgeIndex.Mode.KEYWORD ? null
                : queryVector != null ? queryVector : embedder.embed(query.strip());
        return index.search(query, vector, scopeKeys, limit, mode, language);
    }

    /** The passages of a document, in order. */
    public List<Passage> passages(String documentId) {
        return index.passages(documentId);
    }

    /**
     * Embeds every view of every passage.
     *
     * @param progress told the number of passages done so far, after each group
     */
    public List<KnowledgeIndex.IndexedPassage> embed(List<Passage> passages, IntConsumer progress) {
        List<KnowledgeIndex.IndexedPassage> indexed = new ArrayList<>(passages.size());
        for (int start = 0; start < passages.size(); start += EMBED_GROUP) {
            List<Passage> group = passages.subList(start, Math.min(passages.size(), start + EMBED_GROUP));
            List<List<String>> views = group.stream().map(KnowledgeBase::views).toList();
            List<float[]> vectors = embedder.embedAll(views.stream().flatMap(List::stream).toList());
            int at = 0;
            for (int i = 0; i < group.size(); i++) {
                int n = views.get(i).size();
                indexed.add(new KnowledgeIndex.IndexedPassage(group.get(i), start + i, vectors.subList(at, at + n)));
                at += n;
            }
            progress.accept(start + group.size());
        }
        return indexed;
    }

    /**
     * What is embedded for a passage: its heading alone (when it says something), heading plus text, and each
     * sentence when there are several. A question often matches one sentence far better than the whole passage.
     */
    static List<String> views(Passage passage) {
        Set<String> views = new LinkedHashSet<>();
        if (passage.title().chars().filter(Character::isLetter).count() >= 3) {
            views.add(passage.title());
        }
        views.add(passage.embeddingText());
        List<String> sentences = Text.sentences(passage.text());
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
