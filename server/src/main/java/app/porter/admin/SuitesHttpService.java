package app.porter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.http.ApiException;
import app.porter.http.JsonResponses;
import app.porter.suites.Suite;
import app.porter.suites.Suites;

/**
 * Acceptance suites on the admin socket, {@code /api/admin/v1/suites} (admins and agents): run a suite sent as
 * YAML and get each scenario's result; read the history of pass rates.
 *
 * <pre>
 * curl -s -XPOST 'localhost:8082/api/admin/v1/suites/run?name=maple-court' -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/yaml' --data-binary @suites/maple-court.yaml
 * curl -s 'localhost:8082/api/admin/v1/suites/runs?suite=maple-court' -H "Authorization: Bearer $TOKEN"
 * </pre>
 */
public final class SuitesHttpService implements HttpService {

    private static final int MAX_SUITE_BYTES = 512 * 1024;
    private static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "text/plain");

    private final Suites suites;

    public SuitesHttpService(Suites suites) {
        this.suites = suites;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/run", this::run)
                .get("/runs", this::runs);
    }

    private void run(ServerRequest req, ServerResponse res) {
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!YAML_TYPES.contains(type)) {
            throw ApiException.unsupportedMediaType("send the suite as application/yaml");
        }
        Suite suite = Suite.parse(body(req), req.query().first("name").orElse("suite"));
        JsonResponses.send(res, 200, json(suites.run(AdminAuth.actor(req), suite, outcome -> { })));
    }

    private void runs(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").map(SuitesHttpService::limit).orElse(100);
        JsonArrayBuilder runs = Json.createArrayBuilder();
        for (Suites.Past run : suites.history(AdminAuth.actor(req), req.query().first("suite").orElse(null), limit)) {
            JsonArrayBuilder failed = Json.createArrayBuilder();
            run.failed().forEach(failed::add);
            runs.add(Json.createObjectBuilder().add("id", run.id()).add("suite", run.suite())
                    .add("ranAt", run.ranAt().toString()).add("ranBy", run.ranBy()).add("passed", run.passed())
                    .add("total", run.total()).add("failed", failed));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("runs", runs).build());
    }

    /** A run as the API and the CLI's {@code --json} show it. */
    public static JsonObject json(Suites.Run run) {
        JsonArrayBuilder scenarios = Json.createArrayBuilder();
        for (Suites.Outcome o : run.scenarios()) {
            JsonArrayBuilder failures = Json.createArrayBuilder();
            o.failures().forEach(failures::add);
            scenarios.add(Json.createObjectBuilder().add("name", o.name()).add("passed", o.passed())
                    .add("failures", failures));
        }
        return Json.createObjectBuilder().add("id", run.id()).add("suite", run.suite())
                .add("ranAt", run.ranAt().toString()).add("passed", run.passed()).add("total", run.total())
                .add("allPassed", run.allPassed()).add("scenarios", scenarios).build();
    }

    private static String body(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > MAX_SUITE_BYTES) {
            throw ApiException.payloadTooLarge("a suite is at most " + MAX_SUITE_BYTES + " bytes");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_SUITE_BYTES + 1);
            if (bytes.length > MAX_SUITE_BYTES) {
                throw ApiException.payloadTooLarge("a suite is at most " + MAX_SUITE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw ApiException.badRequest("limit must be 1 to 1000");
    }
}
