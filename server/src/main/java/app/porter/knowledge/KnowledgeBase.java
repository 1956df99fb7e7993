package app.porter.knowledge;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import app.porter.inference.Embedder;
import app.porter.inference.Vectors;

/**
 * The firm's knowledge base and its retrieval: passages with their embeddings held in memory, searched
 * exhaustively by cosine similarity. At a property firm's size (hundreds to a few thousand passages) a scan is
 * well under a millisecond; the persistent Lucene index (BM25 + HNSW) replaces this with the knowledge-base issue.
 *
 * <p>Retrieval is scoped: a search for a property sees that property's passages and portfolio-wide ones, never
 * another property's.
 */
public final class KnowledgeBase {

    /**
     * A passage with several embeddings: its heading alone, heading plus text, and each sentence. It scores as
     * its best match. A long passage's whole vector averages everything it covers, so a short question about one
     * of its points ("Can I pay by credit card?" against a payment section that also covers checks, cash and
     * returned payments) matches that sentence, or the heading, far better than the whole.
     */
    private record Indexed(Passage passage, List<float[]> vectors) {
        float score(float[] query) {
            float best = -1;
            for (float[] vector : vectors) {
                best = Math.max(best, Vectors.dot(query, vector));
            }
            return best;
        }
    }

    private record Entry(KnowledgeDocument document, List<Indexed> passages) {
    }

    private final Embedder embedder;
    /** Replaced whole on every change, so searches read a consistent snapshot without locking. */
    private volatile Map<String, Entry> documents = Map.of();

    public KnowledgeBase(Embedder embedder) {
        this.embedder = embedder;
    }

    /**
     * Adds (or replaces) a Markdown handbook: the {@code #} heading is its title, every {@code ##} section a passage.
     *
     * @param propertyId the property it belongs to, or null for portfolio-wide
     */
    public KnowledgeDocument addMarkdown(String documentId, String propertyId, String markdown) {
        Objects.requireNonNull(documentId, "documentId");
        MarkdownHandbook.Parsed parsed = MarkdownHandbook.parse(markdown, documentId);
        List<Passage> passages = parsed.sections().stream()
                .map(s -> new Passage(documentId + "#" + s.slug(), documentId, propertyId, s.heading(), s.body()))
                .toList();
        List<Indexed> indexed = new ArrayList<>(passages.size());
        for (Passage passage : passages) {
            List<String> views = new ArrayList<>();
            views.add(passage.title());
            views.add(passage.embeddingText());
            List<String> sentences = sentences(passage.text());
            if (sentences.size() > 1) {
                views.addAll(sentences);
            }
            indexed.add(new Indexed(passage, embedder.embedAll(views)));
        }
        KnowledgeDocument document = new KnowledgeDocument(documentId, parsed.title(), propertyId, "text/markdown",
                passages.size(), "indexed");
        synchronized (this) {
            Map<String, Entry> next = new LinkedHashMap<>(documents);
            next.put(documentId, new Entry(document, List.copyOf(indexed)));
            documents = Map.copyOf(next);
        }
        return document;
    }

    /** Documents visible in {@code propertyId}'s scope (all documents when null). */
    public List<KnowledgeDocument> documents(String propertyId) {
        return documents.values().stream()
                .map(Entry::document)
                .filter(d -> inScope(d.propertyId(), propertyId))
                .sorted(Comparator.comparing(KnowledgeDocument::title))
                .toList();
    }

    public Optional<List<Passage>> passages(String documentId) {
        return Optional.ofNullable(documents.get(documentId))
                .map(e -> e.passages().stream().map(Indexed::passage).toList());
    }

    /**
     * The {@code limit} passages closest to {@code query} within {@code propertyId}'s scope, best first.
     *
     * @param propertyId the asking conversation's property; null searches every property (admin use)
     */
    public List<ScoredPassage> search(String query, String propertyId, int limit) {
        if (query == null || query.isBlank() || limit <= 0) {
            return List.of();
        }
        float[] q = embedder.embed(query);
        List<ScoredPassage> scored = new ArrayList<>();
        for (Entry entry : documents.values()) {
            if (!inScope(entry.document().propertyId(), propertyId)) {
                continue;
            }
            for (Indexed indexed : entry.passages()) {
                scored.add(new ScoredPassage(indexed.passage(), indexed.score(q)));
            }
        }
        scored.sort(Comparator.comparingDouble(ScoredPassage::score).reversed());
        return List.copyOf(scored.subList(0, Math.min(limit, scored.size())));
    }

    /** Sentences by the JDK's locale-aware sentence rules ("9:00 AM" and "$1,200.50" stay whole). */
    static List<String> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        List<String> sentences = new ArrayList<>();
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
             start = end, end = iterator.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    private static boolean inScope(String documentProperty, String askingProperty) {
        return askingProperty == null || documentProperty == null || documentProperty.equals(askingProperty);
    }
}
