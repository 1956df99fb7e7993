package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.demo.DemoProperty;
import app.porter.inference.OnnxEmbedder;

/**
 * The indexing path (passages side by side on background threads at a lower priority, repeated texts embedded
 * once) gives every view of real documents exactly, bit for bit, the vector the text gets alone on the question
 * path: how ingestion runs must never move a vector, or retrieval would rank differently than it was evaluated.
 */
class IndexingVectorsTest {

    @TempDir
    Path dir;

    @Test
    void everyViewOfRealDocumentsGetsExactlyTheVectorOfOneAtATime() throws Exception {
        List<Passage> passages = new ArrayList<>();
        passages.addAll(passages("handbook", SourceFormat.MARKDOWN, DemoProperty.handbook()));
        passages.addAll(passages("lease", SourceFormat.PDF, TestDocuments.pdf("Lease: Harbor View 4B",
                TestDocuments.resource("lease-harbor-view-4b.txt"))));
        passages.addAll(passages("rules", SourceFormat.HTML,
                TestDocuments.resource("harbor-view-house-rules.html").getBytes(StandardCharsets.UTF_8)));
        try (OnnxEmbedder embedder = OnnxEmbedder.load(KnowledgeBase.MODEL, 2);
             KnowledgeIndex index = KnowledgeIndex.open(dir, embedder.modelName(), embedder.dimensions())) {
            KnowledgeBase knowledge = new KnowledgeBase(embedder, index, KnowledgeBase.Views.SENTENCES);
            List<KnowledgeIndex.IndexedPassage> indexed = knowledge.embed(passages, done -> { });
            assertEquals(passages.size(), indexed.size());
            int views = 0;
            for (KnowledgeIndex.IndexedPassage p : indexed) {
                List<String> texts = KnowledgeBase.views(p.passage(), KnowledgeBase.Views.SENTENCES);
                assertEquals(texts.size(), p.views().size());
                for (int v = 0; v < texts.size(); v++) {
                    // The question path: the text alone, on the all-cores session.
                    float[] alone = embedder.embed(KnowledgeBase.MODEL.passagePrefix() + texts.get(v));
                    assertArrayEquals(alone, p.views().get(v), 0f, "view " + v + " of " + p.passage().id());
                    views++;
                }
            }
            assertTrue(views > 200, "a real workload: " + views + " views");
        }
    }

    private static List<Passage> passages(String id, SourceFormat format, byte[] bytes) {
        ParsedDocument parsed = Sources.parse(format, bytes);
        return Passages.build(id, id, Scope.property("maple-court"), null, parsed.chunks());
    }
}
