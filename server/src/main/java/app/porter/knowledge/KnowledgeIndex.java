package app.porter.knowledge;

import static app.porter.knowledge.IndexLayout.DOCUMENT;
import static app.porter.knowledge.IndexLayout.KIND;
import static app.porter.knowledge.IndexLayout.ORDINAL;
import static app.porter.knowledge.IndexLayout.PASSAGE;
import static app.porter.knowledge.IndexLayout.VERSION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import app.porter.store.FileModes;

import app.porter.language.Language;


/**
 * The knowledge base's Lucene index: BM25 over each passage's heading and text, and HNSW over its embeddings,
 * fused by reciprocal rank. This class owns the index's lifecycle and consistency (opening, writing, the
 * searchers); how a passage is laid out in Lucene is {@link IndexLayout}, and how a query is ranked is
 * {@link HybridSearch}.
 *
 * <p><b>Changes take effect at once.</b> A document is replaced (its blocks deleted and re-added) or deleted under
 * one lock, then committed and the near-real-time searcher refreshed before the lock is released: a search sees
 * the old document or the new one, never half of each, and never a deleted one after {@link #delete} returns.
 *
 * <p><b>The embedding model is part of the index.</b> Its name and vector length are stored in the commit. An
 * index written by another model (or by an older layout, {@link IndexLayout#LAYOUT}) is not used: it is recreated
 * empty and {@link #rebuilt()} tells the owner to re-embed every document.
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

    static final String MODEL_KEY = "porter.embedding.model";
    static final String DIMENSIONS_KEY = "porter.embedding.dimensions";
    static final String LAYOUT_KEY = "porter.index.layout";

    private final Directory directory;
    private final Analyzer analyzer;
    private final HybridSearch ranking;
    private final Respelling respelling = new Respelling();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String model;
    private final int dimensions;
    private final boolean rebuilt;

    private KnowledgeIndex(Directory directory, String model, int dimensions) throws IOException {
        this.directory = directory;
        this.model = model;
        this.dimensions = dimensions;
        this.analyzer = IndexLayout.analyzer();
        boolean usable = usable(directory, model, dimensions);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(usable ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        Map<String, String> commitData = new LinkedHashMap<>();
        commitData.put(MODEL_KEY, model);
        commitData.put(DIMENSIONS_KEY, Integer.toString(dimensions));
        commitData.put(LAYOUT_KEY, IndexLayout.LAYOUT);
        writer.setLiveCommitData(commitData.entrySet());
        if (!usable) {
            writer.commit();
        }
        this.rebuilt = !usable;
        this.searchers = new SearcherManager(writer, null);
        this.ranking = new HybridSearch(analyzer);
    }

    /** Opens (or creates) the index in {@code folder} for vectors of {@code model}. */
    public static KnowledgeIndex open(Path folder, String model, int dimensions) throws IOException {
        FileModes.createDirectories(folder);
        return new KnowledgeIndex(new OwnerOnlyDirectory(FSDirectory.open(folder), folder), model, dimensions);
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
                    && IndexLayout.LAYOUT.equals(data.get(LAYOUT_KEY));
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
            blocks.add(IndexLayout.block(passage, version, dimensions));
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
     * {@link Language} tag; null for no preference) higher by {@link HybridSearch#LANGUAGE_BOOST}.
     */
    public List<ScoredPassage> search(String query, float[] queryVector, List<String> scopeKeys, int limit, Mode mode,
                                      Language language) {
        return search(List.of(query), queryVector, scopeKeys, limit, mode, language);
    }

    /** As {@link #search(String, float[], List, int, Mode, Language)} for a question in several wordings. */
    public List<ScoredPassage> search(List<String> wordings, float[] queryVector, List<String> scopeKeys, int limit,
                                      Mode mode, Language language) {
        if (limit <= 0) {
            return List.of();
        }
        IndexSearcher searcher = acquire();
        try {
            return ranking.search(searcher, wordings, queryVector, scopeKeys, limit, mode, language);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
    }

    /**
     * The analysed words of {@code text} and in how many passages within the scope keys each occurs ({@link
     * HybridSearch#coverage}).
     */
    public TermCoverage coverage(String text, List<String> scopeKeys) {
        IndexSearcher searcher = acquire();
        try {
            return ranking.coverage(searcher, text, scopeKeys);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
    }

    /** How many passages under {@code scopeKeys} hold every word of {@code text}. */
    public int passagesWithAll(String text, List<String> scopeKeys) {
        IndexSearcher searcher = acquire();
        try {
            return ranking.passagesWithAll(searcher, text, scopeKeys);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
    }

    /** How many passages in scope have the words of {@code text} close together ({@code slop} positions). */
    public int passagesWithNear(String text, List<String> scopeKeys, int slop) {
        IndexSearcher searcher = acquire();
        try {
            return ranking.passagesWithNear(searcher, text, scopeKeys, slop);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
    }

    /** {@code text} with its misspelt words in the documents' spelling ({@link Respelling}). */
    public String respelled(String text) {
        IndexSearcher searcher = acquire();
        try {
            return respelling.respelled(searcher, text);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        } finally {
            release(searcher);
        }
    }

    /** The distinct words of {@code text} as the index analyses them (stemmed, without stop words). */
    public List<String> terms(String text) {
        try {
            return ranking.terms(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a string cannot fail
        }
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
                passages.add(IndexLayout.passage(stored.document(hit.doc)));
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

    /** Embedded views in the index (vectors), over every passage. */
    public int views() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(new TermQuery(new Term(KIND, IndexLayout.VIEW)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
