package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.inference.GenerationEngine;
import app.porter.inference.TinyLlama;

/**
 * Generative mode through the real server, with tiny decoders the test builds: a scripted "parrot" whose answer
 * is known, and a random-weight model whose output is gibberish. The plumbing is what is tested: the mode, the
 * citation events, the fallback to extractive mode, admission control (429) and queue positions, and that a
 * tenant who leaves stops the generation.
 */
class GenerativeApiTest {

    static final List<String> WORDS = List.of("▁Rent", "▁is", "▁due", "▁on", "▁the", "▁first", "▁[1]");
    static final List<String> VOCAB = TinyLlama.vocabulary(WORDS);

    @TempDir
    Path dir;

    @Test
    void answersGenerativelyWithCitationsAndFallsBackWhenRetrievalIsWeak() throws Exception {
        Map<String, Integer> id = indexOf();
        int[] next = new int[VOCAB.size()];
        Arrays.fill(next, -1);
        // The plain prompt ends with "Assistant:"; the parrot answers "Rent is due on the first [1]."
        int[] script = {id.get(":"), id.get("▁Rent"), id.get("▁is"), id.get("▁due"), id.get("▁on"), id.get("▁the"),
                id.get("▁first"), id.get("▁[1]"), id.get("."), 2};
        for (int i = 0; i + 1 < script.length; i++) {
            next[script[i]] = script[i + 1];
        }
        Path model = TinyLlama.folder(dir.resolve("parrot"), TinyLlama.Spec.tiny(VOCAB.size()).withMaxPositions(8192)
                .withScript(next), VOCAB);
        try (TestPorter porter = TestPorter.start(dir.resolve("data"), Map.of(
                "PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN, "PORTER_MODEL_DIR", model.toString()))) {
            assertTrue(porter.porter.answerModeDescription().startsWith("generative mode"),
                    porter.porter.answerModeDescription());

            TestPorter.Started conversation = porter.startConversation();
            List<TestPorter.Event> events = porter.askStreaming(conversation, "When is my rent due?");
            List<String> names = events.stream().map(TestPorter.Event::name).toList();
            assertEquals("done", names.getLast(), names.toString());
            JsonObject done = events.getLast().data();
            assertEquals("generative", done.getString("mode"));
            String streamed = events.stream().filter(e -> e.name().equals("token"))
                    .map(e -> e.data().getString("text")).reduce("", String::concat);
            assertEquals("Rent is due on the first [1].", streamed);
            TestPorter.Event citation = events.get(names.indexOf("citation"));
            assertEquals("maple-court-handbook#rent-due-date", citation.data().getString("sourceId"));
            assertEquals(1, done.getJsonArray("citations").size());

            JsonObject history = TestPorter.json(porter.get(porter.tenant(
                    "/api/v1/conversations/" + conversation.id() + "/messages"), conversation.token()).body());
            JsonObject stored = history.getJsonArray("messages").getJsonObject(1);
            assertEquals(streamed, stored.getString("text"));
            assertEquals("generative", stored.getString("mode"));

            // A second turn carries the first as history and still answers.
            assertEquals("generative", porter.ask(conversation, "And when is it late?").getString("mode"));

            // Nothing in the knowledge base: the model is not asked at all.
            JsonObject unknown = porter.ask(porter.startConversation(), "What is the capital of Mongolia?");
            assertEquals("extractive", unknown.getString("mode"));
            assertEquals(ExtractiveAnswerer.DONT_KNOW, unknown.getString("reply"));
        }
    }

    @Test
    void gibberishFallsBackAndAFullQueueIsRefusedWith429() throws Exception {
        Path model = TinyLlama.folder(dir.resolve("random"), TinyLlama.Spec.tiny(VOCAB.size())
                .withSize(64, 2, 128).withMaxPositions(8192).withScript(null, 2), VOCAB);
        try (TestPorter porter = TestPorter.start(dir.resolve("data"), Map.of(
                "PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN, "PORTER_MODEL_DIR", model.toString(),
                "PORTER_GENERATION_MAX_BATCH", "1", "PORTER_GENERATION_QUEUE", "1",
                "PORTER_GENERATION_MAX_TOKENS", "1500"))) {
            GenerationEngine engine = porter.porter.models().current().orElseThrow().engine();

            // The model cites nothing it was given: the answer is extractive, and says so.
            JsonObject reply = porter.ask(porter.startConversation(), "When is my rent due?");
            assertEquals("extractive", reply.getString("mode"));
            assertEquals("maple-court-handbook#rent-due-date",
                    reply.getJsonArray("citations").getJsonObject(0).getString("sourceId"));

            // One generating, one waiting: the third is refused with 429 and Retry-After.
            try (Stream a = new Stream(porter, porter.startConversation(), "When is my rent due?")) {
                await(() -> engine.activeGenerations() == 1, "A generating");
                try (Stream b = new Stream(porter, porter.startConversation(), "Where can I park my car?")) {
                    await(() -> b.lines.stream().anyMatch(l -> l.startsWith("event:") && l.contains("queue")),
                            "B told its queue position");
                    assertTrue(b.lines.stream().anyMatch(l -> l.replace(" ", "").contains("\"position\":1")),
                            b.lines.toString());

                    // "I don't know" needs no model: answered at once, with a person offered.
                    TestPorter.Started c = porter.startConversation();
                    JsonObject unknown = porter.ask(c, "What is the capital of Mongolia?");
                    assertEquals(ExtractiveAnswerer.DONT_KNOW, unknown.getString("reply"));
                    assertEquals("person", unknown.getJsonObject("form").getJsonArray("options").getJsonObject(0)
                            .getString("value"));

                    HttpResponse<String> refused = porter.postJson(porter.tenant("/api/v1/conversations/" + c.id()
                            + "/messages"), "{\"text\":\"Is there a gym?\"}", c.token());
                    assertEquals(429, refused.statusCode(), refused.body());
                    assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
                    assertEquals("too_many_requests", TestPorter.json(refused.body()).getString("error"));
                    JsonObject nothingStored = TestPorter.json(porter.get(porter.tenant("/api/v1/conversations/"
                            + c.id() + "/messages"), c.token()).body());
                    assertEquals(2, nothingStored.getJsonArray("messages").size(), "the refused message left no trace");
                    // Nor did routing move on: the person offered before the 429 is still what a "yes" accepts.
                    assertEquals("escalated", porter.ask(c, "yes").getString("mode"));

                    // An emergency never waits for the model: with every place taken it is still answered at once.
                    TestPorter.Started d = porter.startConversation();
                    JsonObject emergency = porter.ask(d, "I smell gas in my kitchen");
                    assertEquals("emergency", emergency.getString("mode"), emergency.toString());

                    // Non-LLM endpoints answer while generation is saturated.
                    long start = System.nanoTime();
                    assertEquals(200, porter.get(porter.tenant("/observe/health"), null).statusCode());
                    assertTrue(System.nanoTime() - start < 2_000_000_000L, "health answered promptly");
                }
            }
            // Both tenants left: their generations stop and their places are freed.
            await(() -> engine.reservedPlaces() == 0 && engine.activeGenerations() == 0, "places freed");
            assertTrue(engine.tokensSampledAfterCancel() <= 2, "stopped within a step each: "
                    + engine.tokensSampledAfterCancel());
        }
    }

    private static Map<String, Integer> indexOf() {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < VOCAB.size(); i++) {
            index.put(VOCAB.get(i), i);
        }
        return index;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** An event stream on a raw socket, so the test can walk away from it mid-reply like a tenant closing a tab. */
    static final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Socket socket;

        Stream(TestPorter porter, TestPorter.Started conversation, String text) throws IOException {
            socket = new Socket("127.0.0.1", porter.porter.tenantPort());
            byte[] body = Json.createObjectBuilder().add("text", text).build().toString()
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/conversations/" + conversation.id() + "/messages HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + conversation.token() + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the test closed the socket
                }
            });
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
