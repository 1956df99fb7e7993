package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.NotPermitted;
import app.porter.inference.Embedder;
import app.porter.inference.OnnxEmbedder;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The knowledge service over a real data folder (SQLite, Lucene on disk, stored originals) with the real embedding
 * model: the index survives a restart without re-embedding, a new embedding model re-embeds everything, a lost
 * index is rebuilt from the originals, and only admins change anything.
 */
class KnowledgeLibraryTest {

    private static final Actor ADMIN = new Actor("alex", Role.ADMIN);
    private static final Actor AGENT = new Actor("sam", Role.AGENT);
    private static final Scope HARBOR_VIEW = Scope.property("harbor-view");
    private static final String RULES = """
            # Harbor View House Rules
            ## Quiet hours
            Quiet hours at Harbor View are from 10:00 PM to 7:00 AM every night.
            ## Rooftop deck
            The rooftop deck is open from 7:00 AM to 11:00 PM between May 1 and October 31.
            """;

    private static OnnxEmbedder model;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void loadModel() {
        model = OnnxEmbedder.bundled(2);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /**
     * The real model, counting the passages it embeds (questions, such as the off-topic examples the knowledge base
     * embeds at start, are not counted), under a name of our choosing (a "new model" for the index).
     */
    static final class CountingEmbedder implements Embedder {
        final AtomicInteger texts = new AtomicInteger();
        private final String name;

        CountingEmbedder(String name) {
            this.name = name;
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public String modelName() {
            return name;
        }

        @Override
        public List<float[]> embedAll(List<String> batch) {
            return model.embedAll(batch);
        }

        @Override
        public List<float[]> embedPassages(List<String> batch) {
            texts.addAndGet(batch.size());
            return model.embedPassages(batch);
        }

        @Override
        public void close() {
            // the shared model is closed once, after all tests
        }
    }

    /** One start of the knowledge base over {@link #dataDir}, as Porter wires it. */
    final class Opened implements AutoCloseable {
        final Database database;
        final KnowledgeIndex index;
        final KnowledgeLibrary service;
        final AuditLog audit;

        Opened(Embedder embedder) throws Exception {
            database = Database.open(dataDir);
            new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                    KnowledgeLibrary.MIGRATIONS).flatMap(List<Migration>::stream).toList());
            audit = new AuditLog(database, Clock.systemUTC());
            Portfolio portfolio = new Portfolio(database, audit, Clock.systemUTC());
            portfolio.addIfAbsent(new Property("harbor-view", "Harbor View"));
            index = KnowledgeIndex.open(dataDir.resolve("knowledge/index"), embedder.modelName(), embedder.dimensions());
            service = new KnowledgeLibrary(database, portfolio, audit, new KnowledgeBase(embedder, index),
                    dataDir.resolve("knowledge"), new KnowledgeLibrary.Settings(1 << 20), Clock.systemUTC());
            service.start();
            assertTrue(service.awaitIdle(Duration.ofMinutes(1)));
        }

        String upload(String filename, String text) throws InterruptedException {
            KnowledgeLibrary.Accepted accepted = service.upload(ADMIN, new KnowledgeLibrary.Upload(filename,
                    "text/markdown", text.getBytes(StandardCharsets.UTF_8), HARBOR_VIEW));
            assertTrue(service.awaitIdle(Duration.ofMinutes(1)));
            return accepted.document().id();
        }

        String best(String question) {
            return service.search(question, HARBOR_VIEW, 1).getFirst().passage().id();
        }

        @Override
        public void close() {
            service.close();
            index.close();
            database.close();
        }
    }

    @Test
    void theIndexSurvivesARestartWithoutReEmbedding() throws Exception {
        String id;
        try (Opened first = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            id = first.upload("rules.md", RULES);
        }
        CountingEmbedder counting = new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL);
        try (Opened second = new Opened(counting)) {
            assertFalse(second.index.rebuilt());
            assertEquals(0, counting.texts.get(), "nothing was re-embedded at start");
            assertEquals(id + "#rooftop-deck", second.best("When can I go up to the roof terrace?"));
            assertEquals(KnowledgeDocument.INDEXED, second.service.document(id).orElseThrow().status());
            assertEquals(2, second.service.passages(id).size());
        }
    }

    @Test
    void aNewEmbeddingModelReEmbedsEveryDocument() throws Exception {
        String id;
        try (Opened first = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            id = first.upload("rules.md", RULES);
        }
        CountingEmbedder other = new CountingEmbedder("another-model");
        try (Opened second = new Opened(other)) {
            assertTrue(second.index.rebuilt(), "the index was written by another model");
            assertTrue(other.texts.get() >= 2, "both passages were embedded again: " + other.texts.get());
            assertEquals(id + "#quiet-hours", second.best("Until when must I keep the noise down at night?"));
            assertTrue(second.audit.recent(20).stream().anyMatch(e -> e.action().equals("knowledge.index.rebuilt")
                    && e.target().equals("another-model")));
        }
        try (Opened third = new Opened(new CountingEmbedder("another-model"))) {
            assertFalse(third.index.rebuilt(), "the model name is stored with the index");
        }
    }

    @Test
    void aLostIndexIsRebuiltFromTheStoredOriginals() throws Exception {
        String id;
        try (Opened first = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            id = first.upload("rules.md", RULES);
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("knowledge/index"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (Opened second = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            assertEquals(id + "#rooftop-deck", second.best("Is the rooftop deck open in winter?"));
        }
    }

    @Test
    void deletingRemovesTheStoredOriginalAndAnUpdateReplacesIt() throws Exception {
        try (Opened opened = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            String id = opened.upload("rules.md", RULES);
            String v1 = opened.service.document(id).orElseThrow().sha256();
            Path originals = dataDir.resolve("knowledge/originals");
            assertTrue(Files.exists(originals.resolve(v1)));

            assertEquals(id, opened.upload("rules.md", RULES.replace("10:00 PM", "11:00 PM")));
            KnowledgeDocument updated = opened.service.document(id).orElseThrow();
            assertEquals(2, updated.revision());
            assertFalse(Files.exists(originals.resolve(v1)), "the replaced version's original is gone");
            assertTrue(opened.service.passages(id).getFirst().text().contains("11:00 PM"));

            opened.service.delete(ADMIN, id);
            assertFalse(Files.exists(originals.resolve(updated.sha256())));
            assertTrue(opened.service.search("quiet hours", HARBOR_VIEW, 5).isEmpty());
        }
    }

    @Test
    void onlyAdminsChangeTheKnowledgeBase() throws Exception {
        try (Opened opened = new Opened(new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL))) {
            String id = opened.upload("rules.md", RULES);
            KnowledgeLibrary.Upload upload = new KnowledgeLibrary.Upload("more.md", "text/markdown",
                    RULES.getBytes(StandardCharsets.UTF_8), HARBOR_VIEW);
            assertThrows(NotPermitted.class, () -> opened.service.upload(AGENT, upload));
            assertThrows(NotPermitted.class, () -> opened.service.delete(AGENT, id));
            assertThrows(NotPermitted.class, () -> opened.service.reindex(AGENT, id));
            assertEquals(1, opened.service.documents(null).size());
        }
    }

    @Test
    void bundledDocumentsAreInstalledOnce() throws Exception {
        CountingEmbedder counting = new CountingEmbedder(OnnxEmbedder.BUNDLED_MODEL);
        try (Opened opened = new Opened(counting)) {
            KnowledgeLibrary.Upload rules = new KnowledgeLibrary.Upload("rules.md", "text/markdown",
                    RULES.getBytes(StandardCharsets.UTF_8), HARBOR_VIEW);
            KnowledgeDocument first = opened.service.installBundled("bundled-rules", rules);
            int embedded = counting.texts.get();
            KnowledgeDocument again = opened.service.installBundled("bundled-rules", rules);
            assertEquals(first.revision(), again.revision());
            assertEquals(embedded, counting.texts.get(), "installing again embeds nothing");
            assertEquals(1, opened.service.documents(null).size());
        }
    }
}
