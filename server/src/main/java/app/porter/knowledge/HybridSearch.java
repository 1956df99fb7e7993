package app.porter.knowledge;

import static app.porter.knowledge.IndexLayout.BODY;
import static app.porter.knowledge.IndexLayout.HEADING;
import static app.porter.knowledge.IndexLayout.KIND;
import static app.porter.knowledge.IndexLayout.LANGUAGE;
import static app.porter.knowledge.IndexLayout.PASSAGE;
import static app.porter.knowledge.IndexLayout.SCOPE;
import static app.porter.knowledge.IndexLayout.VECTOR;
import static app.porter.knowledge.IndexLayout.VIEW;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.util.BitSet;

import app.porter.language.Language;

/**
 * The query side of the knowledge index: BM25 over each passage's heading and text and HNSW over its embedded
 * views, fused by reciprocal rank, with a boost for the asker's language. It reads whatever searcher
 * {@link KnowledgeIndex} hands it and never writes, so the weights below, which the retrieval evaluation tunes,
 * can change without touching how the index is kept consistent.
 */
final class HybridSearch {

    /** Reciprocal-rank-fusion constant (Cormack et al. 2009): damps the gap between rank 1 and rank 2. */
    static final int RRF_K = 60;
    /**
     * Weights of the two rankings in the fusion. On the retrieval evaluation (170 tenant questions, see
     * RetrievalEval and the README) vectors alone rank the right passage first far more often than BM25 alone
     * (0.85 vs 0.59); BM25 at a quarter of the vectors' weight ranks first as often as at half (0.865) and puts one
     * more right passage in the top 3 (0.971), equal weights do worse. It still decides exact-term questions
     * ("clause 9.2", "space P-14", a name) when the vectors hesitate.
     * Fusions that use the cosine itself (a convex mix with the BM25 rank, re-ranking by the cosine gap) were
     * compared for issue 12 (README, retrieval evaluation): the best ranks 3 of 173 more first with this model but
     * not with others nor on held-out questions, and lets a closer passage outvote BM25's only hit ("Are pets
     * allowed in my unit?" quoting the service-animals clause), so the fusion stays rank-based.
     */
    static final float VECTOR_WEIGHT = 1f;
    static final float KEYWORD_WEIGHT = 0.25f;
    /**
     * How much more a passage in the asker's language counts in the fusion. A boost rather than a filter: a
     * tenant asking in Spanish still gets the English passage that answers when no Spanish version does (Spanish
     * is not a reason to quote a Spanish passage on another subject), while of two versions of the same entry,
     * which rank close together, the tenant's wins. 1.25 lifts a passage over one ranked a few places above it
     * (about rank 1 vs rank 15 in one list), not over one that both rankings put clearly ahead. A passage without
     * a language is in the firm's default, English (the bundled embedder's), so an English tenant's question lifts
     * it over a Spanish version of the same entry as a Spanish tenant's lifts the Spanish one.
     */
    static final float LANGUAGE_BOOST = 1.25f;
    /**
     * How much more a passage of the asker's own property or unit counts in the fusion than a portfolio-wide one.
     * The firm's general FAQ is written in tenants' words ("What should I do if I lose my job and cannot pay
     * rent?"), so it shares words and meaning with many questions that the property's own handbook or lease
     * answers more precisely ("When do I have to pay my rent?": the handbook's "Rent due date"). Like the language
     * boost, a nudge between comparably ranked passages, not a filter: a question only the FAQ answers still gets it.
     * Only passages BM25 found are lifted: in reciprocal-rank terms 1.25 lifts vector rank 16 over rank 1, and
     * lifting every nearby property passage made "Do you take Section 8?" (the FAQ, first by meaning, no keyword
     * of the property's) quote the emergency numbers. RetrievalEval: dev hit@1 0.879 -> 0.902, held out 2 0.925 ->
     * 0.950 (1.05 and 1.1 for every passage: 0.884 and 0.896).
     */
    static final float OWN_SCOPE_BOOST = 1.25f;
    /**
     * An own property or unit passage is lifted too when BM25 did not find it but it is within this much of the
     * closest portfolio-wide passage in similarity: a near tie in meaning goes to the asker's own documents ("I
     * locked myself out at midnight, will I have to pay?": the lease's Lockouts clause, not the FAQ on losing
     * one's job). Round 5 of issue 12 (README): 0.02 gains a dev, a held-out 3 and a held-out 4 question and loses
     * none; 0.05 and 0.10 also lift the emergency numbers over the FAQ's "Do you take Section 8?".
     */
    static final float OWN_SCOPE_TIE = 0.02f;
    /** How many results each ranking contributes to the fusion. */
    static final int CANDIDATES = 50;

    private final Analyzer analyzer;
    /** The passages (parents) of the view blocks, per segment; cached by Lucene, so built once. */
    private final BitSetProducer parents = new QueryBitSetProducer(new TermQuery(new Term(KIND, PASSAGE)));

    /** @param analyzer the analyzer the index was written with, so a question's words match the text's */
    HybridSearch(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * The best {@code limit} passages in {@code searcher} for a query within the scope keys, ranked by fusion (or
     * by one ranking alone, per {@code mode}); each with its exact best-view similarity.
     */
    List<ScoredPassage> search(IndexSearcher searcher, String query, float[] queryVector, List<String> scopeKeys,
                               int limit, KnowledgeIndex.Mode mode, Language language) throws IOException {
        return search(searcher, List.of(query), queryVector, scopeKeys, limit, mode, language);
    }

    /**
     * As {@link #search(IndexSearcher, String, float[], List, int, KnowledgeIndex.Mode, Language)} for a question
     * in several wordings (as the tenant wrote it, and in the knowledge base's language): BM25 ranks each, and a
     * passage keeps its best rank, so a Spanish question finds the Spanish FAQ by its words and the English
     * handbook by its English rendering.
     */
    List<ScoredPassage> search(IndexSearcher searcher, List<String> wordings, float[] queryVector,
                               List<String> scopeKeys, int limit, KnowledgeIndex.Mode mode, Language language)
            throws IOException {
        Query scope = scopeFilter(scopeKeys);
        int candidates = Math.max(CANDIDATES, limit);
        List<Integer> keyword = new ArrayList<>();
        if (mode != KnowledgeIndex.Mode.VECTOR) {
            List<List<Integer>> perWording = new ArrayList<>();
            for (String wording : wordings) {
                perWording.add(keywordSearch(searcher, wording, scope, candidates));
            }
            // Interleaved by rank: a passage's place is its best rank under any wording.
            for (int rank = 0; rank < candidates; rank++) {
                for (List<Integer> list : perWording) {
                    if (rank < list.size() && !keyword.contains(list.get(rank))) {
                        keyword.add(list.get(rank));
                    }
                }
            }
        }
        List<Integer> vector = mode == KnowledgeIndex.Mode.KEYWORD ? List.of()
                : vectorSearch(searcher, queryVector, scope, candidates);
        Map<Integer, float[]> fused = new HashMap<>(); // parent doc -> {rrf, keywordRank, vectorRank}
        for (int i = 0; i < keyword.size(); i++) {
            float[] f = fused.computeIfAbsent(keyword.get(i), d -> new float[3]);
            f[0] += KEYWORD_WEIGHT / (RRF_K + i + 1);
            f[1] = i + 1;
        }
        for (int i = 0; i < vector.size(); i++) {
            float[] f = fused.computeIfAbsent(vector.get(i), d -> new float[3]);
            f[0] += VECTOR_WEIGHT / (RRF_K + i + 1);
            f[2] = i + 1;
        }
        StoredFields stored = searcher.storedFields();
        Map<Integer, String> scopes = new HashMap<>();
        float closestPortfolio = -1f;
        for (Map.Entry<Integer, float[]> entry : fused.entrySet()) {
            var fields = stored.document(entry.getKey(), java.util.Set.of(LANGUAGE, SCOPE));
            // A passage without a language is in the firm's default, the knowledge base's language: English.
            String written = fields.get(LANGUAGE) == null ? Language.EN.tag() : fields.get(LANGUAGE);
            if (language != null && language.tag().equals(written)) {
                entry.getValue()[0] *= LANGUAGE_BOOST;
            }
            scopes.put(entry.getKey(), fields.get(SCOPE));
            if (Scope.PORTFOLIO_KEY.equals(fields.get(SCOPE)) && queryVector != null) {
                closestPortfolio = Math.max(closestPortfolio, similarity(searcher, entry.getKey(), queryVector));
            }
        }
        // The own-scope boost: for an own property or unit passage BM25 found, or one in a near tie in meaning
        // with the closest portfolio-wide passage (its similarity is looked up only for those BM25 missed).
        for (Map.Entry<Integer, float[]> entry : fused.entrySet()) {
            if (Scope.PORTFOLIO_KEY.equals(scopes.get(entry.getKey()))) {
                continue;
            }
            boolean found = entry.getValue()[1] > 0;
            if (found || closestPortfolio > -1f
                    && similarity(searcher, entry.getKey(), queryVector) >= closestPortfolio - OWN_SCOPE_TIE) {
                entry.getValue()[0] *= OWN_SCOPE_BOOST;
            }
        }
        List<Map.Entry<Integer, float[]>> ranked = new ArrayList<>(fused.entrySet());
        // Ties (a passage first in one list vs another first in the other) go to the lower doc id: stable.
        ranked.sort(Comparator.<Map.Entry<Integer, float[]>>comparingDouble(e -> -e.getValue()[0])
                .thenComparingInt(Map.Entry::getKey));
        List<ScoredPassage> results = new ArrayList<>(Math.min(limit, ranked.size()));
        for (Map.Entry<Integer, float[]> entry : ranked.subList(0, Math.min(limit, ranked.size()))) {
            int doc = entry.getKey();
            float[] f = entry.getValue();
            results.add(new ScoredPassage(IndexLayout.passage(stored.document(doc)),
                    similarity(searcher, doc, queryVector), f[0], (int) f[1], (int) f[2]));
        }
        return results;
    }

    private static Query scopeFilter(List<String> scopeKeys) {
        if (scopeKeys == null) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String key : scopeKeys) {
            any.add(new TermQuery(new Term(SCOPE, key)), BooleanClause.Occur.SHOULD);
        }
        return any.setMinimumNumberShouldMatch(1).build();
    }

    /**
     * The words of {@code text} (analysed as the index is: stemmed, without stop words and question words) and in
     * how many passages within the scope each occurs, in heading or text.
     */
    TermCoverage coverage(IndexSearcher searcher, String text, List<String> scopeKeys) throws IOException {
        Query scope = scopeFilter(scopeKeys);
        List<String> terms = terms(text);
        List<Integer> counts = new ArrayList<>(terms.size());
        for (String term : terms) {
            counts.add(searcher.count(new BooleanQuery.Builder()
                    .add(inHeadingOrBody(term), BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                    .add(scope, BooleanClause.Occur.FILTER)
                    .build()));
        }
        int passages = searcher.count(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                .add(scope, BooleanClause.Occur.FILTER).build());
        return new TermCoverage(terms, counts, passages);
    }

    /** How many passages in scope hold every analysed term of {@code text} (in heading or body). */
    int passagesWithAll(IndexSearcher searcher, String text, List<String> scopeKeys) throws IOException {
        List<String> terms = terms(text);
        if (terms.isEmpty()) {
            return 0;
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (String term : terms) {
            words.add(inHeadingOrBody(term), BooleanClause.Occur.MUST);
        }
        return searcher.count(new BooleanQuery.Builder()
                .add(words.build(), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                .add(scopeFilter(scopeKeys), BooleanClause.Occur.FILTER)
                .build());
    }

    /**
     * How many passages in scope have every analysed word of {@code text} within {@code slop} positions of each other
     * (in any order, as a sloppy phrase), in the heading or in the body.
     */
    int passagesWithNear(IndexSearcher searcher, String text, List<String> scopeKeys, int slop) throws IOException {
        List<String> terms = terms(text);
        if (terms.isEmpty()) {
            return 0;
        }
        BooleanQuery.Builder near = new BooleanQuery.Builder();
        for (String field : List.of(HEADING, BODY)) {
            near.add(new PhraseQuery(slop, field, terms.toArray(String[]::new)), BooleanClause.Occur.SHOULD);
        }
        return searcher.count(new BooleanQuery.Builder()
                .add(near.build(), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                .add(scopeFilter(scopeKeys), BooleanClause.Occur.FILTER)
                .build());
    }

    /** A passage whose heading or body has {@code term}. */
    private static Query inHeadingOrBody(String term) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(HEADING, term)), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term(BODY, term)), BooleanClause.Occur.SHOULD)
                .build();
    }

    /** The distinct analysed terms of {@code text}, in order. */
    List<String> terms(String text) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream(BODY, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (!terms.contains(term.toString())) {
                    terms.add(term.toString());
                }
            }
            tokens.end();
        }
        return terms;
    }

    /**
     * BM25 over heading and body (a heading boost was tried: it made FAQ questions, whose headings are questions
     * themselves, outrank answers). The query's words are analysed like the text, never parsed as query syntax.
     */
    private List<Integer> keywordSearch(IndexSearcher searcher, String query, Query scope, int n) throws IOException {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        List<String> terms = terms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (String term : terms) {
            words.add(inHeadingOrBody(term), BooleanClause.Occur.SHOULD);
        }
        // A passage must contain at least half of the question's words (all of them when there are one or two).
        // Matching any single word made BM25 a noisy voter in the fusion: "Can I have a dog in my apartment?"
        // brought every passage that says "apartment". With this, hybrid ranks the right passage first more
        // often than either ranking alone (RetrievalEval: 85% vs 84% vectors, 67% BM25).
        int count = terms.size();
        words.setMinimumNumberShouldMatch(count <= 2 ? count : (count + 1) / 2);
        Query q = new BooleanQuery.Builder()
                .add(words.build(), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                .add(scope, BooleanClause.Occur.FILTER)
                .build();
        List<Integer> docs = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(q, n).scoreDocs) {
            docs.add(hit.doc);
        }
        return docs;
    }

    /** HNSW over the views, best view per passage; returns the passages' (parents') doc ids in rank order. */
    private List<Integer> vectorSearch(IndexSearcher searcher, float[] vector, Query scope, int n) throws IOException {
        if (vector == null) {
            return List.of();
        }
        Query views = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, VIEW)), BooleanClause.Occur.FILTER)
                .add(scope, BooleanClause.Occur.FILTER)
                .build();
        TopDocs top = searcher.search(new DiversifyingChildrenFloatKnnVectorQuery(VECTOR, vector, views, n, parents), n);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Integer> docs = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc hit : top.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
            BitSet parentBits = parents.getBitSet(leaf);
            int parent = leaf.docBase + parentBits.nextSetBit(hit.doc - leaf.docBase);
            if (!docs.contains(parent)) {
                docs.add(parent);
            }
        }
        return docs;
    }

    /** The exact similarity of a passage: the best dot product of the query with any of its views. */
    private float similarity(IndexSearcher searcher, int parentDoc, float[] query) throws IOException {
        if (query == null) {
            return 0f;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(parentDoc, leaves));
        int local = parentDoc - leaf.docBase;
        BitSet parentBits = parents.getBitSet(leaf);
        int firstChild = local == 0 ? 0 : parentBits.prevSetBit(local - 1) + 1;
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        if (values == null) {
            return -1f;
        }
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        float best = -1f;
        for (int child = firstChild; child < local; child++) {
            int at = iterator.docID() < child ? iterator.advance(child) : iterator.docID();
            if (at == child) {
                float[] view = values.vectorValue(iterator.index());
                best = Math.max(best, dot(query, view));
            }
        }
        return best;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
