package app.porter;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI documents against the real appliance, both ways.
 *
 * <p>Documents to routes: each socket's document is fetched from its own {@code GET /openapi}, and every operation
 * in it is sent to that socket (path parameters filled with an id that does not exist, {@code {}} as the body of a
 * POST or PUT). The route must exist: not 405, and not the 404 that the socket gives for a path no route matches
 * (a 404 for an unknown conversation or document carries its own detail, so it is told apart by its body). The
 * status must be one the operation documents, an error must have the {@code {"error","detail"}} shape, and an
 * operation that declares bearer security must answer 401 without a token (one that does not must not).
 *
 * <p>Routes to documents: every {@code rules.get/post/put/delete("/...")} in every {@code HttpService} under
 * {@code server/src/main/java}, joined to the prefix it is registered under ({@code .register("/prefix", ...,
 * new SomeService(...))}, found in any source file, not only {@code Porter}), must be in the document of its socket
 * (the admin socket for {@code /api/admin/...}, the tenant socket otherwise). Nothing names the service classes, so
 * moving or renaming them needs no change here; a service with routes that is registered nowhere fails the test.
 */
class OpenApiContractTest {

    private static final String MISSING_ID = "no-such-id-0";
    private static final Pattern TEMPLATE = Pattern.compile("\\{[^}/]*}");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    static Path dataDir;
    private static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (porter != null) {
            porter.close();
        }
    }

    /** A socket under test: how to reach it, and the credential that gets past its authentication. */
    record Socket(String name, Function<String, URI> uri, String goodToken) {
    }

    /** One operation of a document. */
    record Operation(String method, String path, Set<String> statuses, boolean secured) {

        String uriPath() {
            return TEMPLATE.matcher(path).replaceAll(MISSING_ID);
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** What came back. */
    record Probe(int status, String contentType, String body) {

        /** The error contract's body, or null when the body is not a JSON object with "error" and "detail". */
        JsonObject error() {
            if (!contentType.startsWith("application/json")) {
                return null;
            }
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                JsonValue value = reader.readValue();
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    return null;
                }
                JsonObject object = value.asJsonObject();
                return object.get("error") instanceof jakarta.json.JsonString
                        && object.get("detail") instanceof jakarta.json.JsonString ? object : null;
            } catch (JsonException e) {
                return null;
            }
        }
    }

    private static Socket tenant() {
        // Any token gets past the bearer check; an unknown conversation then answers 404 with its own detail.
        return new Socket("tenant", porter::tenant, "not-a-real-conversation-token");
    }

    private static Socket admin() {
        return new Socket("admin", porter::admin, TestPorter.ADMIN_TOKEN);
    }

    @Test
    void everyOperationOfTheTenantDocumentIsARouteOfTheTenantSocket() {
        assertEveryOperationIsARoute(tenant());
    }

    @Test
    void everyOperationOfTheAdminDocumentIsARouteOfTheAdminSocket() {
        assertEveryOperationIsARoute(admin());
    }

    /** The probe itself must tell a missing route from a missing resource, or the tests above prove nothing. */
    @Test
    void aMissingRouteIsToldApartFromAMissingResource() {
        Socket tenant = tenant();
        Probe noRoute = noRoute(tenant, "get");
        Probe missingRoute = send(tenant, "get", "/api/v1/conversations/" + MISSING_ID + "/no-such-route",
                tenant.goodToken());
        assertTrue(routeMissing(missingRoute, noRoute), "an unregistered path must read as a missing route");
        Probe missingConversation = send(tenant, "get", "/api/v1/conversations/" + MISSING_ID + "/messages",
                tenant.goodToken());
        assertEquals(404, missingConversation.status());
        assertFalse(routeMissing(missingConversation, noRoute), "an unknown conversation is not a missing route");

        Socket admin = admin();
        Probe wrongMethod = send(admin, "patch", "/api/admin/v1/properties", admin.goodToken());
        assertTrue(routeMissing(wrongMethod, noRoute(admin, "patch")) || wrongMethod.status() == 405,
                "PATCH has no route here: " + wrongMethod);
    }

    @Test
    void everyRouteInTheSourcesIsInItsSocketsDocument() throws IOException {
        Map<String, Set<String>> sourceRoutes = SourceRoutes.scan(sourceRoot());
        assertTrue(sourceRoutes.getOrDefault("tenant", Set.of()).contains("POST /api/v1/conversations"),
                "the scan must find the routes it is meant to find: " + sourceRoutes);
        for (Socket socket : List.of(tenant(), admin())) {
            Set<String> documented = new TreeSet<>();
            for (Operation op : operations(document(socket))) {
                documented.add(op.method().toUpperCase() + " " + normalise(op.path()));
            }
            Set<String> undocumented = new TreeSet<>(sourceRoutes.getOrDefault(socket.name(), Set.of()));
            undocumented.removeAll(documented);
            assertEquals(Set.of(), undocumented, "routes of the " + socket.name() + " socket missing from its"
                    + " OpenAPI document");
            System.out.println(socket.name() + " socket: " + sourceRoutes.get(socket.name()).size()
                    + " routes in the sources, all documented");
        }
    }

    private static void assertEveryOperationIsARoute(Socket socket) {
        List<Operation> operations = operations(document(socket));
        assertFalse(operations.isEmpty());
        List<String> failures = new ArrayList<>();
        Map<String, Probe> noRoute = new HashMap<>();
        for (Operation op : operations) {
            Probe probe = send(socket, op.method(), op.uriPath(), socket.goodToken());
            Probe unmatched = noRoute.computeIfAbsent(op.method(), m -> noRoute(socket, m));
            if (probe.status() == 405 || routeMissing(probe, unmatched)) {
                failures.add(op + ": no such route (" + probe.status() + " " + probe.body() + ")");
                continue;
            }
            if (!op.statuses().contains(String.valueOf(probe.status())) && !op.statuses().contains("default")) {
                failures.add(op + ": answered " + probe.status() + ", which it does not document " + op.statuses()
                        + " (" + probe.body() + ")");
            }
            if (probe.status() >= 400 && probe.error() == null) {
                failures.add(op + ": error " + probe.status() + " without the {\"error\",\"detail\"} body: "
                        + probe.body());
            }
            Probe anonymous = send(socket, op.method(), op.uriPath(), null);
            if (op.secured() && (anonymous.status() != 401 || anonymous.error() == null)) {
                failures.add(op + ": declares bearer security but answers " + anonymous.status()
                        + " without a token");
            }
            if (!op.secured() && anonymous.status() == 401) {
                failures.add(op + ": answers 401 without a token but declares no security");
            }
        }
        System.out.println(socket.name() + " socket: " + operations.size() + " documented operations checked");
        assertEquals(List.of(), failures, socket.name() + " document against the " + socket.name() + " socket");
    }

    /** What the socket answers for a path that no route matches: Porter's JSON 404 with the generic detail. */
    private static Probe noRoute(Socket socket, String method) {
        Probe probe = send(socket, method, "/no-such-route-" + method, socket.goodToken());
        assertEquals(404, probe.status(), "an unmatched path on the " + socket.name() + " socket");
        return probe;
    }

    private static boolean routeMissing(Probe probe, Probe noRoute) {
        return probe.status() == 404 && probe.body().equals(noRoute.body());
    }

    private static Probe send(Socket socket, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(socket.uri().apply(path));
        if (method.equals("post") || method.equals("put") || method.equals("patch")) {
            request.header("Content-Type", "application/json")
                    .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = porter.send(request.build());
        return new Probe(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** The socket's own document, as it serves it at GET /openapi. */
    private static Map<String, Object> document(Socket socket) {
        Probe probe = send(socket, "get", "/openapi", socket.goodToken());
        assertEquals(200, probe.status(), socket.name() + " GET /openapi: " + probe.body());
        return new Yaml().load(probe.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> operations(Map<String, Object> document) {
        boolean securedByDefault = secured(document.get("security"));
        List<Operation> operations = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            for (Map.Entry<String, Object> item : ((Map<String, Object>) path.getValue()).entrySet()) {
                if (!METHODS.contains(item.getKey())) {
                    continue; // path-level parameters, summary
                }
                Map<String, Object> op = (Map<String, Object>) item.getValue();
                Set<String> statuses = new TreeSet<>();
                ((Map<Object, Object>) op.get("responses")).keySet().forEach(k -> statuses.add(String.valueOf(k)));
                boolean secured = op.containsKey("security") ? secured(op.get("security")) : securedByDefault;
                operations.add(new Operation(item.getKey(), path.getKey(), statuses, secured));
            }
        }
        return operations;
    }

    /** A security requirement list with at least one scheme in it (an empty list or {@code {}} means none). */
    private static boolean secured(Object security) {
        return security instanceof List<?> list
                && list.stream().anyMatch(r -> r instanceof Map<?, ?> m && !m.isEmpty());
    }

    static String normalise(String path) {
        return TEMPLATE.matcher(path).replaceAll("{}");
    }

    private static Path sourceRoot() {
        // Surefire runs in the module folder; an IDE may run in the project's.
        for (Path candidate : List.of(Path.of("src/main/java"), Path.of("server/src/main/java"))) {
            if (Files.isDirectory(candidate.resolve("app/porter"))) {
                return candidate;
            }
        }
        return fail("server/src/main/java not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * The routes as the Java sources register them: a plain text scan, not a compiler. It reads each
     * {@code HttpService}'s {@code routing(HttpRules ...)} method for {@code .get("/...")}, {@code .post(...)} and
     * so on, and every {@code .register(...)} call for the prefix and the services it names.
     */
    static final class SourceRoutes {

        private static final Pattern ROUTING_METHOD = Pattern.compile("void\\s+routing\\s*\\(\\s*HttpRules\\s+\\w+\\s*\\)");
        private static final Pattern RULE = Pattern.compile(
                "\\.(get|post|put|delete|patch|head|options)\\(\\s*\"(/[^\"]*)\"");
        private static final Pattern CLASS = Pattern.compile("\\bclass\\s+(\\w+)");
        private static final Pattern REGISTER = Pattern.compile("\\.register\\(");
        private static final Pattern PREFIX = Pattern.compile("^\\s*\"([^\"]*)\"");
        private static final Pattern NEW = Pattern.compile("\\bnew\\s+(\\w+)\\s*\\(");

        private SourceRoutes() {
        }

        /** Socket name ("tenant" or "admin") to its routes as "METHOD /path/{}". */
        static Map<String, Set<String>> scan(Path root) throws IOException {
            Map<String, List<String>> rulesByService = new TreeMap<>(); // class name -> "METHOD /relative"
            List<String> sources = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    sources.add(source);
                    Matcher routing = ROUTING_METHOD.matcher(source);
                    Matcher className = CLASS.matcher(source);
                    if (routing.find() && className.find()) {
                        String body = balanced(source, source.indexOf('{', routing.end()), '{', '}');
                        List<String> rules = new ArrayList<>();
                        Matcher rule = RULE.matcher(body);
                        while (rule.find()) {
                            rules.add(rule.group(1).toUpperCase() + " " + rule.group(2));
                        }
                        rulesByService.put(className.group(1), rules);
                    }
                }
            }
            Map<String, Set<String>> routes = new TreeMap<>();
            Set<String> registered = new TreeSet<>();
            for (String source : sources) {
                Matcher register = REGISTER.matcher(source);
                while (register.find()) {
                    String args = balanced(source, register.end() - 1, '(', ')');
                    Matcher prefixMatch = PREFIX.matcher(args);
                    String prefix = prefixMatch.find() ? prefixMatch.group(1) : "";
                    Matcher service = NEW.matcher(args);
                    while (service.find()) {
                        List<String> rules = rulesByService.get(service.group(1));
                        if (rules == null) {
                            continue; // not an HttpService (a constructor argument, say)
                        }
                        registered.add(service.group(1));
                        String socket = prefix.startsWith("/api/admin/") ? "admin" : "tenant";
                        for (String rule : rules) {
                            int space = rule.indexOf(' ');
                            routes.computeIfAbsent(socket, s -> new TreeSet<>()).add(rule.substring(0, space) + " "
                                    + normalise(join(prefix, rule.substring(space + 1))));
                        }
                    }
                }
            }
            Set<String> unregistered = new TreeSet<>(rulesByService.keySet());
            unregistered.removeAll(registered);
            assertEquals(Set.of(), unregistered, "HTTP services whose registration the scan cannot find (register"
                    + " them as .register(\"/prefix\", new TheService(...)) or teach SourceRoutes the new way)");
            return routes;
        }

        /** The text between the bracket at {@code open} and its partner (string literals are skipped). */
        private static String balanced(String source, int open, char opening, char closing) {
            int depth = 0;
            boolean inString = false;
            for (int i = open; i < source.length(); i++) {
                char c = source.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == opening) {
                    depth++;
                } else if (c == closing && --depth == 0) {
                    return source.substring(open + 1, i);
                }
            }
            throw new UncheckedIOException(new IOException("unbalanced " + opening + " at " + open));
        }

        private static String join(String prefix, String path) {
            if (path.equals("/")) {
                return prefix.isEmpty() ? "/" : prefix;
            }
            return prefix + path;
        }
    }
}
