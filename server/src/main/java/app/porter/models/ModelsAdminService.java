package app.porter.models;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.admin.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.inference.ActiveModel;
import app.porter.inference.ModelRefusedException;

/**
 * Generative models on the admin socket, {@code /api/admin/v1/models}. Installing reads a folder or archive that
 * is already on the server (models are large; they are copied there first), verifies it, and by default switches
 * to it. Every change is audited.
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
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        JsonArrayBuilder models = Json.createArrayBuilder();
        try {
            for (ModelManager.Installed m : manager.list()) {
                models.add(json(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObjectBuilder body = Json.createObjectBuilder().add("models", models).add("status", status());
        manager.activeModel().current().ifPresentOrElse(m -> body.add("active", m.name()), () -> body.addNull("active"));
        JsonResponses.send(res, 200, body.build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        JsonResponses.send(res, 200, status());
    }

    private void install(ServerRequest req, ServerResponse res) {
        AdminPrincipal admin = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        String source = JsonRequests.requiredString(body, "source").strip();
        if (source.isEmpty() || !Path.of(source).isAbsolute()) {
            throw ApiException.badRequest("\"source\" must be an absolute path on the server");
        }
        Optional<String> name = JsonRequests.optionalString(body, "name");
        boolean activate = body.getBoolean("activate", true);
        try {
            ModelManager.Installed installed = manager.install(Path.of(source), name, activate, admin.name());
            JsonResponses.send(res, 201, json(installed));
        } catch (ModelRefusedException e) {
            boolean exists = e.getMessage().contains("is installed already");
            throw new ApiException(exists ? 409 : 400, exists ? "conflict" : "model_refused", e.getMessage());
        } catch (IOException e) {
            throw new ApiException(400, "model_refused", "the model could not be read: " + e.getMessage());
        }
    }

    private void activate(ServerRequest req, ServerResponse res) {
        AdminPrincipal admin = AdminAuth.require(req, Role.ADMIN);
        String name = req.path().pathParameters().get("name");
        try {
            manager.activate(name, admin.name());
        } catch (ModelRefusedException e) {
            if (e.getMessage().startsWith("no installed model")) {
                throw ApiException.notFound(e.getMessage());
            }
            throw new ApiException(400, "model_refused", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("active", name).add("status", status()).build());
    }

    private void remove(ServerRequest req, ServerResponse res) {
        AdminPrincipal admin = AdminAuth.require(req, Role.ADMIN);
        String name = req.path().pathParameters().get("name");
        try {
            if (!manager.remove(name, admin.name())) {
                throw ApiException.notFound("no installed model named " + name);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
