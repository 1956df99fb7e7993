package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import app.porter.audit.AuditLog;
import app.porter.inference.OnnxEmbedder;
import app.porter.portfolio.Portfolio;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * A real knowledge base on a test's data directory, as the gate tests use it: SQLite with the portfolio, the Lucene
 * index, the bundled embedder and the library that indexes uploads. The test adds its properties to
 * {@link #portfolio()}, then installs its documents.
 */
record KnowledgeStack(OnnxEmbedder embedder, Database database, Portfolio portfolio, KnowledgeIndex index,
                      KnowledgeBase knowledge, KnowledgeLibrary library) implements AutoCloseable {

    /** Opens the stack; {@code portfolio} fills the portfolio before the library starts (names are read from it). */
    static KnowledgeStack open(Path dataDir, java.util.function.Consumer<Portfolio> portfolio) throws Exception {
        OnnxEmbedder embedder = OnnxEmbedder.load(KnowledgeBase.MODEL, 2);
        Database database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                KnowledgeLibrary.MIGRATIONS).flatMap(List<Migration>::stream).toList());
        AuditLog audit = new AuditLog(database, Clock.systemUTC());
        Portfolio properties = new Portfolio(database, audit, Clock.systemUTC());
        portfolio.accept(properties);
        KnowledgeIndex index = KnowledgeIndex.open(dataDir.resolve("knowledge/index"), embedder.modelName(),
                embedder.dimensions());
        KnowledgeBase knowledge = new KnowledgeBase(embedder, index);
        KnowledgeLibrary library = new KnowledgeLibrary(database, properties, audit, knowledge,
                dataDir.resolve("knowledge"), new KnowledgeLibrary.Settings(1 << 20), Clock.systemUTC());
        library.start();
        return new KnowledgeStack(embedder, database, properties, index, knowledge, library);
    }

    /** Installs a Markdown document for {@code scope} (indexed in the background: {@link #awaitIndexed()}). */
    void install(String id, String filename, String markdown, Scope scope) {
        library.installBundled(id, new KnowledgeLibrary.Upload(filename, "text/markdown",
                markdown.getBytes(StandardCharsets.UTF_8), scope));
    }

    void awaitIndexed() throws InterruptedException {
        assertTrue(library.awaitIdle(Duration.ofMinutes(1)), "the documents were indexed within a minute");
    }

    @Override
    public void close() {
        library.close();
        index.close();
        database.close();
        embedder.close();
    }
}
