package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.demo.DemoProperty;
import app.porter.http.ApiErrors;
import app.porter.inference.OnnxEmbedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeIndex;
import app.porter.portfolio.Portfolio;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The tenant conversation API's input handling, routed in memory over a real SQLite file and key ring and the
 * extractive answerer on an empty knowledge base: no socket, no appliance start. Every refusal is a JSON error and
 * stores nothing. (The end-to-end behaviour, event streams included, is in {@code TenantApiTest} against the running
 * appliance: the in-memory client reads a response to its end, and an event stream's end is the client leaving.)
 */
@RoutingTest
class ChatHttpServiceTest {

    private static Path dataDir;
    private static MasterKey master;
    private static Database database;
    private static OnnxEmbedder embedder;
    private static KnowledgeIndex index;

    private final DirectClient client;

    ChatHttpServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws Exception {
        dataDir = Files.createTempDirectory("porter-chat-routing-");
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS, Conversations.MIGRATIONS,
                KeyRing.MIGRATIONS).flatMap(List<Migration>::stream).toList());
        Clock clock = Clock.systemUTC();
        KeyRing keys = KeyRing.open(database, master, clock);
        Portfolio portfolio = new Portfolio(database, new AuditLog(database, clock), clock);
        portfolio.addIfAbsent(DemoProperty.PROPERTY);
        embedder = OnnxEmbedder.bundled(1);
        index = KnowledgeIndex.open(dataDir.resolve("index"), embedder.modelName(), embedder.dimensions());
        Answerer answerer = new ExtractiveAnswerer(new KnowledgeBase(embedder, index),
                new ExtractiveAnswerer.Settings(0.42f, 0.05f));
        ApiErrors.register(routing);
        routing.register("/api/v1/conversations", new ChatHttpService(new Conversations(database, keys, answerer,
                clock), portfolio, DemoProperty.PROPERTY.id(), 16 * 1024));
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
        embedder.close();
        database.close();
        master.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private record Started(String id, String token) {
        String messages() {
            return "/api/v1/conversations/" + id + "/messages";
        }
    }

    private Started start() {
        try (Http1ClientResponse res = post("/api/v1/conversations", null, "{\"consent\":true}")) {
            assertEquals(201, res.status().code());
            JsonObject body = json(res.as(String.class));
            return new Started(body.getString("conversationId"), body.getString("token"));
        }
    }

    private Http1ClientResponse post(String path, String token, String body) {
        return post(path, token, "application/json", body);
    }

    private Http1ClientResponse post(String path, String token, String contentType, String body) {
        Http1ClientRequest request = client.post(path).contentType(HttpMediaType.create(contentType));
        if (token != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        return request.submit(body);
    }

    private Http1ClientResponse get(String path, String token) {
        Http1ClientRequest request = client.get(path);
        if (token != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        return request.request();
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** A refusal: the status, and the contract's JSON error body. */
    private static void assertError(Http1ClientResponse res, int status) {
        try (res) {
            String body = res.as(String.class);
            assertEquals(status, res.status().code(), body);
            assertTrue(json(body).containsKey("error") && json(body).containsKey("detail"), body);
        }
    }

    @Test
    void startingNeedsConsentAndAKnownProperty() {
        assertError(post("/api/v1/conversations", null, "{\"consent\":false}"), 400);
        assertError(post("/api/v1/conversations", null, "{}"), 400);
        assertError(post("/api/v1/conversations", null, "{\"consent\":true,\"propertyId\":\"nowhere\"}"), 404);
        assertError(post("/api/v1/conversations", null, "{\"consent\":true,\"language\":42}"), 400);
    }

    @Test
    void badInputGetsAJsonErrorAndStoresNothing() {
        Started conversation = start();
        String messages = conversation.messages();

        assertError(post(messages, conversation.token(), "{\"text\": \"unterminated"), 400);
        assertError(post(messages, conversation.token(), "[\"not an object\"]"), 400);
        assertError(post(messages, conversation.token(), "{\"text\": \"   \"}"), 400);
        assertError(post(messages, conversation.token(), "{\"text\": 7}"), 400);
        assertError(post(messages, conversation.token(), "text/plain", "When is rent due?"), 415);
        assertError(post(messages, conversation.token(), "{\"text\": \"" + "a".repeat(17 * 1024) + "\"}"), 413);
        assertError(post(messages, conversation.token(), "{\"text\": \"" + "b".repeat(4001) + "\"}"), 413);

        assertError(post(messages, null, "{\"text\": \"hi\"}"), 401);
        assertError(post(messages, start().token(), "{\"text\": \"hi\"}"), 403);
        assertError(post("/api/v1/conversations/no-such-id/messages", conversation.token(), "{\"text\": \"hi\"}"),
                404);
        assertError(get(messages, null), 401);
        assertError(get(messages, "wrong-token"), 403);

        try (Http1ClientResponse history = get(messages, conversation.token())) {
            assertTrue(json(history.as(String.class)).getJsonArray("messages").isEmpty(), "nothing was stored");
        }
    }

    @Test
    void aQuestionIsAnsweredAndKept() {
        Started conversation = start();
        try (Http1ClientResponse res = post(conversation.messages(), conversation.token(),
                "{\"text\": \"What is the capital of Mongolia?\"}")) {
            assertEquals(200, res.status().code());
            JsonObject reply = json(res.as(String.class));
            assertEquals("extractive", reply.getString("mode"));
            assertEquals(ExtractiveAnswerer.DONT_KNOW, reply.getString("reply"));
        }
        try (Http1ClientResponse history = get(conversation.messages(), conversation.token())) {
            assertEquals(2, json(history.as(String.class)).getJsonArray("messages").size());
        }
    }
}
