package app.porter.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.IOUtils;

import app.porter.language.Language;

/**
 * How a passage is laid out in the Lucene index: the field names, the analyzer for its text, the block of
 * documents it is written as, and how it is read back. {@link KnowledgeIndex} writes and reads with it and
 * {@link HybridSearch} queries its fields; everything an index on disk depends on is here, so a change to this
 * class is the one that needs {@link #LAYOUT} bumped.
 *
 * <p><b>Blocks.</b> A passage is indexed as a block: one child document per embedded <em>view</em> (its heading
 * and its heading with its text; each sentence too with {@link KnowledgeBase.Views#SENTENCES}), then the parent
 * document holding the passage's stored fields and text. The vector search is Lucene's block-join "diversifying
 * children" query, which walks the HNSW graph over the views but keeps only the best view per passage, so a
 * passage scores as its closest view (a short question often matches a heading better than a whole passage).
 *
 * <p><b>Scope.</b> Every parent and child carries its document's scope key ({@link Scope#key()}), so a search can
 * filter on the keys visible to the asker inside Lucene, before ranking.
 */
final class IndexLayout {

    /** Bumped when the layout changes, so an older index is rebuilt rather than misread. */
    static final String LAYOUT = "5"; // 2: whole-passage views only (KnowledgeBase.DEFAULT_VIEWS); 3: no heading view;
                                      // 4: the passage's words as written (WORDS); 5: views embedded with the
                                      // headings above the passage (CONTEXT)

    static final String KIND = "kind";
    static final String PASSAGE = "passage";
    static final String VIEW = "view";
    static final String ID = "id";
    static final String DOCUMENT = "document";
    static final String VERSION = "version";
    static final String SCOPE = "scope";
    static final String DOCUMENT_TITLE = "documentTitle";
    static final String PROPERTY = "property";
    static final String UNIT = "unit";
    static final String HEADING = "heading";
    /** The headings above the passage's own ({@link Passage#context}). Stored, not searched. */
    static final String CONTEXT = "context";
    static final String BODY = "body";
    /**
     * The passage's heading and text as written, lower-cased but neither stemmed nor stopped: the knowledge base's
     * own spellings, which a misspelt question word is repaired from ({@link Respelling}). Indexed, not stored.
     */
    static final String WORDS = "words";
    static final String ORDINAL = "ordinal";
    static final String VECTOR = "vector";
    static final String LANGUAGE = "language";

    private IndexLayout() {
    }

    /**
     * English with stemming, and a stop list that also drops the words of a question ("what", "can", "I", "my",
     * "do", "you": the Snowball list plus modal verbs). Lucene's default English list is only articles and
     * prepositions, and with it a tenant's "Can I ...?" matched every FAQ entry that starts "Can I" better than
     * the passage that answers it (BM25 alone found 50% of the evaluation set first; see RetrievalEval). {@link
     * #WORDS} alone is only split and lower-cased.
     */
    static Analyzer analyzer() {
        try (InputStream list = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
            if (list == null) {
                throw new IOException("english_stop.txt not found");
            }
            CharArraySet stop = new CharArraySet(WordlistLoader.getSnowballWordSet(IOUtils.getDecodingReader(list,
                    StandardCharsets.UTF_8)), false);
            stop.addAll(List.of("can", "will", "may", "might", "must", "shall", "also", "just", "please"));
            return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(stop), Map.of(WORDS, new Analyzer() {
                @Override
                protected TokenStreamComponents createComponents(String field) {
                    StandardTokenizer words = new StandardTokenizer();
                    return new TokenStreamComponents(words, new LowerCaseFilter(words));
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's English stop word list is missing", e);
        }
    }

    /**
     * The children (one per view) followed by the parent (the passage), as Lucene's block join wants them.
     *
     * @param version the document version the passage came from (its content hash)
     * @param dimensions the vector length the index holds; a view of another length is refused
     */
    static List<Document> block(KnowledgeIndex.IndexedPassage indexed, String version, int dimensions) {
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
        if (!p.context().isEmpty()) {
            parent.add(new StoredField(CONTEXT, p.context()));
        }
        parent.add(new TextField(BODY, p.text(), Field.Store.YES));
        parent.add(new TextField(WORDS, p.title() + "\n" + p.text(), Field.Store.NO));
        parent.add(new NumericDocValuesField(ORDINAL, indexed.ordinal()));
        block.add(parent);
        return block;
    }

    /** A passage read back from its parent document's stored fields. */
    static Passage passage(Document doc) {
        return new Passage(doc.get(ID), doc.get(DOCUMENT), doc.get(DOCUMENT_TITLE), doc.get(PROPERTY), doc.get(UNIT),
                doc.get(HEADING), doc.get(BODY), Language.fromTag(doc.get(LANGUAGE)).orElse(null),
                Objects.requireNonNullElse(doc.get(CONTEXT), ""));
    }
}
