package app.porter.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.IOUtils;

import app.porter.language.Language;


/**
 * The knowledge base's Lucene index: BM25 over each passage's heading and text, and HNSW over its embeddings,
 * fused by reciprocal rank.
 *
 * <p><b>Layout.</b> A passage is indexed as a block: one child document per embedded <em>view</em> (its heading,
 * its whole text, each sentence), then the parent document holding the passage's stored fields and text. The
 * vector search is Lucene's block-join "diversifying children" query, which walks the HNSW graph over the views
 * but keeps only the best view per passage, so a passage scores as its closest view. That matters for short
 * questions: a long passage's whole-text vector averages everything it covers, while "Can I pay by credit card?"
 * matches one of its sentences closely.
 *
 * <p><b>Changes take effect at once.</b> A document is replaced (its blocks deleted and re-added) or deleted under
 * one lock, then committed and the near-real-time searcher refreshed before the lock is released: a search sees
 * the old document or the new one, never half of each, and never a deleted one after {@link #delete} returns.
 *
 * <p><b>The embedding model is part of the index.</b> Its name and vector length are stored in the commit. An
 * index written by another model (or by an older layout) is not used: it is recreated empty and {@link #rebuilt()}
 * tells the owner to re-embed every document.
 *
 * <p><b>Scope.</b> Every parent and child carries its document's scope key ({@link Scope#key()}); every search
 * filters on the keys visible to the asker, inside Lucene, before ranking.
 */
public final class KnowledgeIndex implements AutoCloseable {

    /** Which rankings a search uses: both fused (what answers use), or one alone (for evaluation). */
    public enum Mode { HYBRID, KEYWORD, VECTOR }

    /** A passage ready to index: its position in its document and its embedded views (unit vectors). */
    public record IndexedPassage(Passage passage, int ordinal, List<float[]> views) {
        public IndexedPassage {
            views = List.copyOf(views);
            if (views.isEmpty()) {
                throw new IllegalArgumentException("a passage needs at least one embedded view");
            }
        }
    }

    /** How many passages of a document the index holds, and from which version of the document. */
    public record Stored(String version, int passages) {
    }

    private static final Logger LOG = System.getLogger(KnowledgeIndex.class.getName());

    /** Bumped when the layout changes, so an older index is rebuilt rather than misread. */
    static final String LAYOUT = "1";
    static final String MODEL_KEY = "porter.embedding.model";
    static final String DIMENSIONS_KEY = "porter.embedding.dimensions";
    static final String LAYOUT_KEY = "porter.index.layout";

    private static final String KIND = "kind";
    private static final String PASSAGE = "passage";
    private static final String VIEW = "view";
    private static final String ID = "id";
    private static final String DOCUMENT = "document";
    private static final String VERSION = "version";
    private static final String SCOPE = "scope";
    private static final String DOCUMENT_TITLE = "documentTitle";
    private static final String PROPERTY = "property";
    private static final String UNIT = "unit";
    private static final String HEADING = "heading";
    private static final String BODY = "body";
    private static final String ORDINAL = "ordinal";
    private static final String VECTOR = "vector";
    private static final String LANGUAGE = "language";

    /** Reciprocal-rank-fusion constant (Cormack et al. 2009): damps the gap between rank 1 and rank 2. */
    static final int RRF_K = 60;
    /**
     * Weights of the two rankings in the fusion. On the retrieval evaluation set (73 tenant questions, see
     * RetrievalEval) vectors alone rank the right passage first more often than BM25 alone; with equal weights a
     * passage that both lists rank middling beat one the vector search ranks first, so BM25 counts half. It still
     * decides exact-term questions ("clause 9.2", "space P-14", a name).
     */
    static final float VECTOR_WEIGHT = 1f;
    static final float KEYWORD_WEIGHT = 0.5f;
    /**
     * How much more a passage in the asker's language counts in the fusion. A boost rather than a filter: a
     * tenant asking in Spanish still gets the English passage that answers when no Spanish version does (Spanish
     * is not a reason to quote a Spanish passage on another subject), while of two versions of the same entry,
     * which rank close together, the tenant's wins. 1.25 lifts a passage over one ranked a few places above it
     * (about rank 1 vs rank 15 in one list), not over one that both rankings put clearly ahead. Passages without
     * a language (the firm's default) are neither lifted nor lowered.
     */
    static final float LANGUAGE_BOOST = 1.25f;
    /** How many results each ranking contributes to the fusion. */
    static final int CANDIDATES = 50;

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final BitSetProducer parents;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String model;
    private final int dimensions;
    private final boolean rebuilt;

    private KnowledgeIndex(Directory directory, String model, int dimensions) throws IOException {
        this.directory = directory;
        this.model = model;
        this.dimensions = dimensions;
        this.analyzer = analyzer();
        boolean usable = usable(directory, model, dimensions);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(usable ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        Map<String, String> commitData = new LinkedHashMap<>();
        commitData.put(MODEL_KEY, model);
        commitData.put(DIMENSIONS_KEY, Integer.toString(dimensions));
        commitData.put(LAYOUT_KEY, LAYOUT);
        writer.setLiveCommitData(commitData.entrySet());
        if (!usable) {
            writer.commit();
        }
        this.rebuilt = !usable;
        this.searchers = new SearcherManager(writer, null);
        this.parents = new QueryBitSetProducer(new TermQuery(new Term(KIND, PASSAGE)));
    }

    /**
     * English with stemming, and a stop list that also drops the words of a question ("what", "can", "I", "my",
     * "do", "you": the Snowball list plus modal verbs). Lucene's default English list is only articles and
     * prepositions, and with it a tenant's "Can I ...?" matched every FAQ entry that starts "Can I" better than
     * the passage that answers it (BM25 alone found 50% of the evaluation set first; see RetrievalEval).
     */
    static Analyzer analyzer() {
        try (InputStream list = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
            if (list == null) {
                throw new IOException("english_stop.txt not found");
            }
            CharArraySet stop = new CharArraySet(WordlistLoader.getSnowballWordSet(IOUtils.getDecodingReader(list,
                    StandardCharsets.UTF_8)), false);
            stop.addAll(List.of("can", "will", "may", "might", "must", "shall", "also", "just", "please"));
            return new EnglishAnalyzer(stop);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's English stop word list is missing", e);
        }
    }

    /** Opens (or creates) the index in {@code folder} for vectors of {@code model}. */
    public static KnowledgeIndex open(Path folder, String model, int dimensions) throws IOException {
        Files.createDirectories(folder);
        return new KnowledgeIndex(FSDirectory.open(folder), model, dimensions);
    }

    /** True when the index on disk was missing, unreadable or written by another model, and was started afresh. */
    public boolean rebuilt() {
        return rebuilt;
    }

    public String model() {
        return model;
    }

    public int dimensions() {
        return dimensions;
    }

    private static boolean usable(Directory directory, String model, int dimensions) {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return false;
            }
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            boolean same = model.equals(data.get(MODEL_KEY))
                    && Integer.toString(dimensions).equals(data.get(DIMENSIONS_KEY))
                    && LAYOUT.equals(data.get(LAYOUT_KEY));
            if (!same) {
                LOG.log(Level.INFO, "knowledge index was built with embedding model " + data.get(MODEL_KEY)
                        + "; rebuilding it for " + model);
            }
            return same;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "knowledge index unreadable (" + e.getClass().getSimpleName()
                    + "); rebuilding it from the stored documents");
            return false;
        }
    }

    /**
     * Replaces everything indexed for {@code documentId} by {@code passages}; visible to searches when this
     * returns, and durable.
     *
     * @param version the document version the passages came from (its content hash), checked at start-up
     */
    public void replace(String documentId, String version, List<IndexedPassage> passages) {
        List<List<Document>> blocks = new ArrayList<>(passages.size());
        for (IndexedPassage passage : passages) {
            blocks.add(block(passage, version));
        }
        write(() -> {
            writer.deleteDocuments(new Term(DOCUMENT, documentId));
            for (List<Document> block : blocks) {
                writer.addDocuments(block);
            }
        });
    }

    /** Removes every passage of {@code documentId}; no search sees them once this returns. */
    public void delete(String documentId) {
        write(() -> writer.deleteDocuments(new Term(DOCUMENT, documentId)));
    }

    @FunctionalInterface
    private interface Change {
        void apply() throws IOException;
    }

    private void write(Change change) {
        writeLock.lock();
        try {
            change.apply();
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The children (one per view) followed by the parent (the passage), as Lucene's block join wants them. */
    private List<Document> block(IndexedPassage indexed, String version) {
        Passage p = indexed.passage();
        String scope = p.scope().key();
        List<Document> block = new ArrayList<>(indexed.views().size() + 1);
        for (float[] view : indexed.views()) {
            if (view.length != dimensions) {
                throw new IllegalArgumentException("vector has " + view.length + " dimensions, index wants " + dimensions);
            }
            Document child = new Document();
            child.add(new StringField(KIND, VIEW, Field.Store.NO));
            child.add(new StringField(DOCUMENT, p.documentId(), Field.Store.NO));
            child.add(new StringField(SCOPE, scope, Field.Store.NO));
            // Unit vectors: the dot product is the cosine, and cheaper.
            child.add(new KnnFloatVectorField(VECTOR, view, VectorSimilarityFunction.DOT_PRODUCT));
            block.add(child);
        }
        Document parent = new Document();
        parent.add(new StringField(KIND, PASSAGE, Field.Store.NO));
        parent.add(new StringField(ID, p.id(), Field.Store.YES));
        parent.add(new StringField(DOCUMENT, p.documentId(), Field.Store.YES));
        parent.add(new StringField(VERSION, version, Field.Store.YES));
        parent.add(new StringField(SCOPE, scope, Field.Store.YES));
        parent.add(new StoredField(DOCUMENT_TITLE, p.documentTitle()));
        if (p.language() != null) {
            parent.add(new StringField(LANGUAGE, p.language().tag(), Field.Store.YES));
        }
        if (p.propertyId() != null) {
            parent.add(new StoredField(PROPERTY, p.propertyId()));
        }
        if (p.unitId() != null) {
            parent.add(new StoredField(UNIT, p.unitId()));
        }
        parent.add(new TextField(HEADING, p.title(), Field.Store.YES));
        parent.add(new TextField(BODY, p.text(), Field.Store.YES));
        parent.add(new NumericDocValuesField(ORDINAL, indexed.ordinal()));
        block.add(parent);
        return block;
    }

    /**
     * The best {@code limit} passages for a query within the scope keys, ranked by reciprocal-rank fusion of BM25
     * and vector search (or by one of them, per {@code mode}); each with its exact best-view similarity.
     *
     * @param scopeKeys the document scopes the asker may see ({@link Scope#visibleKeys()}); null for every scope
     *                  (admin use only)
     */
    public List<ScoredPassage> search(String query, float[] queryVector, List<String> scopeKeys, int limit, Mode mode) {
        return search(query, queryVector, scopeKeys, limit, mode, null);
    }

    /**
     * As {@link #search(String, float[], List, int, Mode)}, ranking passages written in {@code language} (a
     * {@link Language} tag; null for no preference) higher by {@link #LANGUAGE_BOOST}.
     */
    public List<ScoredPassage> search(String query, float[] queryVector, List<String> scopeKeys, int limit, Mode mode,
                                      Language language) {
        if (limit <= 0) {
            return List.of();
        }
        IndexSearcher searcher = acquire();
        try {
            Query scope = scopeFilter(scopeKeys);
            int candidates = Math.max(CANDIDATES, limit);
            List<Integer> keyword = mode == Mode.VECTOR ? List.of() : keywordSearch(searcher, query, scope, candidates);
            List<Integer> vector = mode == Mode.KEYWORD ? List.of() : vectorSearch(searcher, queryVector, scope, candidates);
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
            if (language != null) {
                for (Map.Entry<Integer, float[]> entry : fused.entrySet()) {
                    if (language.tag().equals(stored.document(entry.getKey(), java.util.Set.of(LANGUAGE)).get(LANGUAGE))) {
                        entry.getValue()[0] *= LANGUAGE_BOOST;
                    }
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
                results.add(new ScoredPassage(passage(stored.document(doc)), similarity(searcher, doc, queryVector),
                        f[0], (int) f[1], (int) f[2]));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
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
     * BM25 over heading and body (a heading boost was tried: it made FAQ questions, whose headings are questions
     * themselves, outrank answers). The query's words are analysed like the text, never parsed as query syntax.
     */
    private List<Integer> keywordSearch(IndexSearcher searcher, String query, Query scope, int n) throws IOException {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        List<String> terms = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream(BODY, query)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (!terms.contains(term.toString())) {
                    terms.add(term.toString());
                }
            }
            tokens.end();
        }
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (String term : terms) {
            words.add(new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(HEADING, term)), BooleanClause.Occur.SHOULD)
                    .add(new TermQuery(new Term(BODY, term)), BooleanClause.Occur.SHOULD)
                    .build(), BooleanClause.Occur.SHOULD);
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

    /** The passages of {@code documentId} in document order. */
    public List<Passage> passages(String documentId) {
        IndexSearcher searcher = acquire();
        try {
            Query q = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(DOCUMENT, documentId)), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(KIND, PASSAGE)), BooleanClause.Occur.FILTER)
                    .build();
            int count = searcher.count(q);
            if (count == 0) {
                return List.of();
            }
            TopDocs top = searcher.search(q, count, new Sort(new SortField(ORDINAL, SortField.Type.INT)));
            StoredFields stored = searcher.storedFields();
            List<Passage> passages = new ArrayList<>(count);
            for (ScoreDoc hit : top.scoreDocs) {
                passages.add(passage(stored.document(hit.doc)));
            }
            return passages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** Per document id: the version indexed and how many passages; for checking the index against the database. */
    public Map<String, Stored> documents() {
        IndexSearcher searcher = acquire();
        try {
            Map<String, Stored> documents = new HashMap<>();
            StoredFields stored = searcher.storedFields();
            TermQuery passages = new TermQuery(new Term(KIND, PASSAGE));
            int count = searcher.count(passages);
            if (count == 0) {
                return documents;
            }
            for (ScoreDoc hit : searcher.search(passages, count).scoreDocs) {
                Document doc = stored.document(hit.doc, java.util.Set.of(DOCUMENT, VERSION));
                documents.merge(doc.get(DOCUMENT), new Stored(doc.get(VERSION), 1), (a, b) ->
                        new Stored(a.version().equals(b.version()) ? a.version() : "mixed", a.passages() + 1));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** Lucene segments the current searcher reads (each has its own HNSW graph). */
    public int segments() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            release(searcher);
        }
    }

    /** Passages in the index. */
    public int size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(new TermQuery(new Term(KIND, PASSAGE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    private static Passage passage(Document doc) {
        return new Passage(doc.get(ID), doc.get(DOCUMENT), doc.get(DOCUMENT_TITLE), doc.get(PROPERTY), doc.get(UNIT),
                doc.get(HEADING), doc.get(BODY), Language.fromTag(doc.get(LANGUAGE)).orElse(null));
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            searchers.close();
            writer.close(); // commits pending changes (there are none: every write commits)
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }
}
