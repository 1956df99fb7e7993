package app.porter.admin;

import java.nio.file.Path;
import java.util.Optional;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.admin.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.inference.ActiveModel;
import app.porter.models.ModelManager;

/**
 * Generative models on the admin socket, {@code /api/admin/v1/models}. Installing reads a folder or archive that
 * is already on the server (models are large; they are copied there first), verifies it, and by default switches
 * to it. {@link ModelManager} checks the role (changes: admin; reads: admin or auditor) and audits every change.
 *
 * <pre>
 * curl -s localhost:8082/api/admin/v1/models -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/models -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"source":"/srv/models/qwen2.5-0.5b-instruct.tar.gz"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/models/qwen2.5-0.5b-instruct/activate -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XDELETE localhost:8082/api/admin/v1/models/qwen2.5-0.5b-instruct -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class ModelsHttpService implements HttpService {

    private static final int MAX_BODY = 8192;

    private final ModelManager manager;

    public ModelsHttpService(ModelManager manager) {
        this.manager = manager;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::install)
                .get("/status", this::status)
                .post("/{name}/activate", this::activate)
                .delete("/{name}", this::remove);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder models = Json.createArrayBuilder();
        for (ModelManager.Installed m : manager.list(AdminAuth.actor(req))) {
            models.add(json(m));
        }
        JsonObjectBuilder body = Json.createObjectBuilder().add("models", models).add("status", status());
        manager.activeModel().current().ifPresentOrElse(m -> body.add("active", m.name()), () -> body.addNull("active"));
        JsonResponses.send(res, 200, body.build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the models", Role.ADMIN, Role.AUDITOR);
        JsonResponses.send(res, 200, status());
    }

    private void install(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        String source = JsonRequests.requiredString(body, "source").strip();
        if (source.isEmpty() || !Path.of(source).isAbsolute()) {
            throw ApiException.badRequest("\"source\" must be an absolute path on the server");
        }
        Optional<String> name = JsonRequests.optionalString(body, "name");
        boolean activate = body.getBoolean("activate", true);
        JsonResponses.send(res, 201, json(manager.install(actor, Path.of(source), name, activate)));
    }

    private void activate(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        // The body is optional: {"override": true, "reason": "..."} activates a model the suites rate lower.
        String overrideReason = null;
        if (req.headers().contentType().isPresent() || req.headers().contentLength().orElse(0) > 0) {
            JsonObject body = JsonRequests.readObject(req, MAX_BODY);
            if (body.getBoolean("override", false)) {
                overrideReason = JsonRequests.optionalString(body, "reason").map(String::strip)
                        .filter(r -> !r.isEmpty())
                        .orElseThrow(() -> ApiException.badRequest("an override needs a \"reason\""));
            }
        }
        manager.activate(AdminAuth.actor(req), name, overrideReason);
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("active", name).add("status", status()).build());
    }

    private void remove(ServerRequest req, ServerResponse res) {
        manager.remove(AdminAuth.actor(req), req.path().pathParameters().get("name"));
        res.status(204).send();
    }

    private JsonObject status() {
        ActiveModel.Status s = manager.activeModel().status();
        return Json.createObjectBuilder().add("state", s.state()).add("name", s.name()).add("stage", s.stage())
                .add("progress", s.progress()).add("detail", s.detail()).build();
    }

    private static JsonObject json(ModelManager.Installed m) {
        return Json.createObjectBuilder(m.manifest().toJson())
                .add("active", m.active())
                .add("verified", m.verified())
                .add("bytes", m.manifest().totalBytes())
                .build();
    }
}
