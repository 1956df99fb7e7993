package app.porter.admin;

import java.nio.file.Path;
import java.util.Locale;
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
import app.porter.modelimport.ImportJob;
import app.porter.modelimport.ModelImporter;
import app.porter.modelimport.ModelImports;
import app.porter.modelimport.WeightFormat;
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
 * curl -s -XPOST localhost:8082/api/admin/v1/models/imports -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"source":"/srv/models/SmolLM2-135M-Instruct-Q4_0.gguf"}'
 * curl -s localhost:8082/api/admin/v1/models/imports/$JOB_ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class ModelsHttpService implements HttpService {

    private static final int MAX_BODY = 8192;

    private final ModelManager manager;
    private final ModelImports imports;

    public ModelsHttpService(ModelManager manager, ModelImports imports) {
        this.manager = manager;
        this.imports = imports;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::install)
                .get("/status", this::status)
                .post("/imports", this::startImport)
                .get("/imports", this::imports)
                .get("/imports/{id}", this::importJob)
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

    private void startImport(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        String source = JsonRequests.requiredString(body, "source").strip();
        if (source.isEmpty() || !Path.of(source).isAbsolute()) {
            throw ApiException.badRequest("\"source\" must be an absolute path on the server");
        }
        WeightFormat format = JsonRequests.optionalString(body, "format").map(ModelsHttpService::format)
                .orElse(WeightFormat.AS_SOURCE);
        ModelImporter.Request request = new ModelImporter.Request(Path.of(source),
                JsonRequests.optionalString(body, "name").map(String::strip), format, body.getBoolean("activate", true));
        JsonResponses.send(res, 202, Json.createObjectBuilder().add("job", json(imports.start(actor, request))).build());
    }

    private void imports(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        imports.jobs(AdminAuth.actor(req)).forEach(j -> jobs.add(json(j)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("jobs", jobs).build());
    }

    private void importJob(ServerRequest req, ServerResponse res) {
        ImportJob job = imports.job(AdminAuth.actor(req), req.path().pathParameters().get("id"))
                .orElseThrow(() -> ApiException.notFound("no such import (imports are kept until Porter restarts)"));
        JsonResponses.send(res, 200, json(job));
    }

    private static WeightFormat format(String text) {
        try {
            return WeightFormat.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("\"format\" is one of as-source, f32, int8, int4");
        }
    }

    private static JsonObject json(ImportJob job) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", job.id()).add("source", job.source())
                .add("name", job.name()).add("format", job.format().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .add("state", job.state()).add("done", job.done()).add("total", job.total())
                .add("progress", job.progress()).add("createdAt", job.createdAt().toString());
        job.phase().ifPresentOrElse(p -> b.add("phase", p.name().toLowerCase(Locale.ROOT)), () -> b.addNull("phase"));
        job.detail().ifPresentOrElse(d -> b.add("detail", d), () -> b.addNull("detail"));
        job.finishedAt().ifPresentOrElse(t -> b.add("finishedAt", t.toString()), () -> b.addNull("finishedAt"));
        job.verification().ifPresentOrElse(v -> b.add("verification", Json.createObjectBuilder()
                .add("passed", v.passed()).add("exact", v.exact()).add("prompts", v.prompts())
                .add("greedyTokensCompared", v.greedyTokensCompared()).add("greedyMismatches", v.greedyMismatches())
                .add("maxLogitError", Double.isFinite(v.maxLogitError()) ? v.maxLogitError() : -1)
                .add("summary", v.summary())), () -> b.addNull("verification"));
        return b.build();
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
