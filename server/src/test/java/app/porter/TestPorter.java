package app.porter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A real appliance on free ports over a fresh data directory, and a plain HTTP client for it. */
public final class TestPorter implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    public final Porter porter;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestPorter(Porter porter, Path dataDir) {
        this.porter = porter;
        this.dataDir = dataDir;
    }

    public static TestPorter start(Path dataDir) throws Exception {
        return start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", ADMIN_TOKEN));
    }

    public static TestPorter start(Path dataDir, Map<String, String> extraEnv) throws Exception {
        return start(dataDir, extraEnv, java.time.Clock.systemUTC());
    }

    public static TestPorter start(Path dataDir, Map<String, String> extraEnv, java.time.Clock clock)
            throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PORTER_DATA_DIR", dataDir.toString(),
                "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0",
                "PORTER_CONSOLE_PORT", "0",
                // Background suite runs would add runs and load to every test; SuiteAutoRunTest turns them on.
                "PORTER_SUITES_AUTO_RUN", "false"));
        env.putAll(extraEnv);
        return new TestPorter(Porter.start(PorterConfig.load(env), clock), dataDir);
    }

    public URI tenant(String path) {
        return URI.create("http://127.0.0.1:" + porter.tenantPort() + path);
    }

    public URI admin(String path) {
        return URI.create("http://127.0.0.1:" + porter.adminPort() + path);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postJson(URI uri, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public HttpResponse<String> putJson(URI uri, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Posts {@code body} as it is, with {@code contentType}, as the admin. */
    public HttpResponse<String> postBytes(URI uri, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> delete(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** An admin GET with the test admin token. */
    public HttpResponse<String> adminGet(String path) {
        return get(admin(path), ADMIN_TOKEN);
    }

    /** An admin POST with the test admin token. */
    public HttpResponse<String> adminPost(String path, String json) {
        return postJson(admin(path), json, ADMIN_TOKEN);
    }

    public HttpResponse<String> get(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A started conversation: its id and bearer token. */
    public record Started(String id, String token) {
    }

    public Started startConversation() {
        return startConversation(null, null);
    }

    /** A conversation of a tenant of {@code propertyId} (the demo property when null) and, when given, a unit. */
    public Started startConversation(String propertyId, String unitId) {
        var request = Json.createObjectBuilder().add("consent", true);
        if (propertyId != null) {
            request.add("propertyId", propertyId);
        }
        if (unitId != null) {
            request.add("unitId", unitId);
        }
        HttpResponse<String> response = postJson(tenant("/api/v1/conversations"), request.build().toString(), null);
        if (response.statusCode() != 201) {
            throw new AssertionError("start conversation: " + response.statusCode() + " " + response.body());
        }
        JsonObject body = json(response.body());
        return new Started(body.getString("conversationId"), body.getString("token"));
    }

    public JsonObject ask(Started conversation, String text) {
        HttpResponse<String> response = postJson(tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                Json.createObjectBuilder().add("text", text).build().toString(), conversation.token());
        if (response.statusCode() != 200) {
            throw new AssertionError("ask: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** One server-sent event. */
    public record Event(String name, JsonObject data) {
    }

    /** Posts a message with {@code Accept: text/event-stream} and reads the whole stream. */
    public List<Event> askStreaming(Started conversation, String text) {
        HttpRequest request = HttpRequest.newBuilder(tenant("/api/v1/conversations/" + conversation.id() + "/messages"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + conversation.token())
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("text", text).build().toString()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new AssertionError("stream: " + response.statusCode() + " " + response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("not an event stream: " + response.headers());
        }
        List<Event> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (name != null) {
                events.add(new Event(name, json(data.toString())));
            }
        }
        return events;
    }

    public static JsonObject json(String text) {
        try (var reader = Json.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }

    @Override
    public void close() {
        porter.close();
    }
}
