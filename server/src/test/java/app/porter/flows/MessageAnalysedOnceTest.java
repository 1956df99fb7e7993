package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.inference.Embedder;
import app.porter.inference.OnnxEmbedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeIndex;

/**
 * Every message is embedded exactly once, whichever stages look at it (emergency similarity, intent examples,
 * flow asides, retrieval): the real bundled embedder, counted.
 */
class MessageAnalysedOnceTest {

    /** Counts the texts given to the real embedder. */
    static final class CountingEmbedder implements Embedder {
        final Embedder embedder;
        final AtomicInteger texts = new AtomicInteger();

        CountingEmbedder(Embedder embedder) {
            this.embedder = embedder;
        }

        @Override
        public int dimensions() {
            return embedder.dimensions();
        }

        @Override
        public String modelName() {
            return embedder.modelName();
        }

        @Override
        public List<float[]> embedAll(List<String> batch) {
            texts.addAndGet(batch.size());
            return embedder.embedAll(batch);
        }

        @Override
        public void close() {
            embedder.close();
        }
    }

    @TempDir
    Path dataDir;
    RouterFixture fixture;
    CountingEmbedder embedder;
    KnowledgeIndex index;
    Router router;

    @BeforeEach
    void open() throws Exception {
        fixture = new RouterFixture(dataDir, new MutableClock(Instant.parse("2026-07-01T10:00:00Z")));
        embedder = new CountingEmbedder(OnnxEmbedder.bundled(1));
        index = KnowledgeIndex.open(dataDir.resolve("index"), embedder.modelName(), embedder.dimensions());
        KnowledgeBase knowledge = new KnowledgeBase(embedder, index);
        router = fixture.router(embedder, 0.75f, texts -> new KnowledgeStage(knowledge, texts, 3, 0.42f));
        embedder.texts.set(0); // the example phrases are embedded once, at start
    }

    @AfterEach
    void close() throws Exception {
        index.close();
        embedder.close();
        fixture.close();
    }

    private Decision.Outcome route(String message) {
        return fixture.route(router, message);
    }

    @Test
    void eachMessageIsEmbeddedOnceWhateverLooksAtIt() {
        List<String> messages = List.of(
                "Hello there",                          // small talk
                "My kitchen sink is leaking",           // starts the maintenance flow
                "When is the rent due each month?",     // an aside in the flow: intents, retrieval, then the flow
                "The water keeps dripping under it",    // an answer to the step
                "Is the gym open on Sundays?",          // another aside
                "There is smoke coming from the outlet"); // an emergency in the middle of the flow
        List<Decision.Outcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            outcomes.add(route(messages.get(i)));
            assertEquals(i + 1, embedder.texts.get(), "after: " + messages.get(i));
        }
        Decision.Reply started = assertInstanceOf(Decision.Reply.class, outcomes.get(1));
        assertEquals(Decision.Kind.FLOW, started.kind());
        Decision.Knowledge aside = assertInstanceOf(Decision.Knowledge.class, outcomes.get(2));
        assertTrue(aside.followUp() != null && aside.form() != null, "the flow is offered again after the aside");
        Decision.Reply emergency = assertInstanceOf(Decision.Reply.class, route("I smell gas in the hallway"));
        assertEquals(Decision.Kind.EMERGENCY, emergency.kind());
        assertEquals(messages.size() + 1, embedder.texts.get());
    }
}
