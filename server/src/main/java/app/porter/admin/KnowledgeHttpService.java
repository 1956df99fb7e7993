package app.porter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.admin.AdminAuth;
import app.porter.errors.NotFound;
import app.porter.errors.TooLarge;
import app.porter.http.ApiException;
import app.porter.http.JsonResponses;
import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;
import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;
import app.porter.language.Language;

/**
 * The knowledge base on the admin socket, {@code /api/admin/v1/kb}. Reads need the admin or agent role, changes
 * the admin role; {@link KnowledgeLibrary} audits every change.
 *
 * <pre>
 * # add (or update: same file name, same scope) a document; 202 with the document and its ingestion job
 * curl -s -XPOST 'localhost:8082/api/admin/v1/kb/documents?filename=lease-4b.pdf&amp;propertyId=harbor-view&amp;unitId=4B' \
 *      -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/pdf' --data-binary @lease-4b.pdf
 * # a version in another language: ?language= (en, es, fr, zh-Hans, vi, ar); tenants speaking it get it first
 * curl -s -XPOST 'localhost:8082/api/admin/v1/kb/documents?filename=faq-es.md&amp;propertyId=maple-court&amp;language=es' \
 *      -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: text/markdown' --data-binary @faq-es.md
 * curl -s localhost:8082/api/admin/v1/kb/jobs/$JOB_ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/kb/documents -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s localhost:8082/api/admin/v1/kb/documents/$DOC_ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/kb/documents/$DOC_ID/reindex -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XDELETE localhost:8082/api/admin/v1/kb/documents/$DOC_ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s 'localhost:8082/api/admin/v1/kb/search?q=late+fee&amp;propertyId=maple-court&amp;language=es' -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class KnowledgeHttpService implements HttpService {

    private static final int DEFAULT_RESULTS = 10;
    private static final int MAX_RESULTS = 50;

    private final KnowledgeLibrary knowledge;

    public KnowledgeHttpService(KnowledgeLibrary knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/documents", this::upload)
                .get("/documents", this::list)
                .get("/documents/{id}", this::get)
                .delete("/documents/{id}", this::delete)
                .post("/documents/{id}/reindex", this::reindex)
                .post("/documents/{id}/passages/{slug}/approve", this::approve)
                .get("/flagged", this::flagged)
                .post("/reindex", this::reindexAll)
                .get("/jobs", this::jobs)
                .get("/jobs/{id}", this::job)
                .get("/search", this::search);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        String filename = req.query().first("filename").map(String::strip).filter(f -> !f.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("give the file name as ?filename="));
        Scope scope = scope(req);
        language(req); // refused before the body is read
        long limit = knowledge.settings().maxDocumentBytes();
        if (req.headers().contentLength().orElse(0) > limit) {
            throw new TooLarge("the file is larger than the " + limit / (1024 * 1024) + " MB limit");
        }
        byte[] body = readAtMost(req, limit);
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        KnowledgeLibrary.Accepted accepted = knowledge.upload(actor,
                new KnowledgeLibrary.Upload(filename, contentType, body, scope, language(req)));
        JsonResponses.send(res, 202, Json.createObjectBuilder()
                .add("document", json(accepted.document()))
                .add("job", json(accepted.job()))
                .add("replaced", accepted.replaced())
                .build());
    }

    private void list(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        Scope scope = req.query().first("propertyId").isPresent() ? scope(req) : null;
        if (scope == null && req.query().first("unitId").isPresent()) {
            throw ApiException.badRequest("a unitId needs its propertyId");
        }
        JsonArrayBuilder documents = Json.createArrayBuilder();
        knowledge.documents(scope).forEach(d -> documents.add(json(d)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("documents", documents).build());
    }

    private void get(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        String id = req.path().pathParameters().get("id");
        KnowledgeDocument document = knowledge.document(id).orElseThrow(() -> new NotFound("no such document"));
        Map<String, KnowledgeLibrary.FlaggedPassage> flagged = new HashMap<>();
        knowledge.flagged(id).forEach(f -> flagged.put(f.passageId(), f));
        JsonArrayBuilder passages = Json.createArrayBuilder();
        knowledge.passages(id).forEach(p -> {
            KnowledgeLibrary.FlaggedPassage review = flagged.get(p.id());
            passages.add(review == null ? json(p).addNull("review")
                    : json(p).add("review", json(review)));
        });
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("document", json(document))
                .add("passages", passages)
                .build());
    }

    /** Passages held back from answers for review (they ask for passwords, bank logins ...), and approved ones. */
    private void flagged(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        JsonArrayBuilder passages = Json.createArrayBuilder();
        knowledge.flagged(null).forEach(f -> passages.add(json(f)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("passages", passages).build());
    }

    private void approve(ServerRequest req, ServerResponse res) {
        KnowledgeLibrary.FlaggedPassage approved = knowledge.approve(AdminAuth.actor(req),
                req.path().pathParameters().get("id"), req.path().pathParameters().get("slug"));
        JsonResponses.send(res, 200, json(approved).build());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        KnowledgeDocument deleted = knowledge.delete(actor, req.path().pathParameters().get("id"));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("deleted", deleted.id()).build());
    }

    private void reindex(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        IngestionJob job = knowledge.reindex(actor, req.path().pathParameters().get("id"));
        JsonResponses.send(res, 202, Json.createObjectBuilder().add("job", json(job)).build());
    }

    private void reindexAll(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        knowledge.reindexAll(actor).forEach(j -> jobs.add(json(j)));
        JsonResponses.send(res, 202, Json.createObjectBuilder().add("jobs", jobs).build());
    }

    private void jobs(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        knowledge.jobs().forEach(j -> jobs.add(json(j)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("jobs", jobs).build());
    }

    private void job(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        IngestionJob job = knowledge.job(req.path().pathParameters().get("id"))
                .orElseThrow(() -> ApiException.notFound("no such job (jobs are kept until Porter restarts)"));
        JsonResponses.send(res, 200, json(job).build());
    }

    private void search(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the knowledge base", Role.ADMIN, Role.AGENT);
        String query = req.query().first("q").orElse("").strip();
        if (query.isEmpty()) {
            throw ApiException.badRequest("give the question as ?q=");
        }
        if (query.length() > 4000) {
            throw ApiException.payloadTooLarge("a question may be at most 4000 characters");
        }
        int limit = req.query().first("limit").map(KnowledgeHttpService::limit).orElse(DEFAULT_RESULTS);
        // Without a property: every scope (staff looking for where something is written). With one: exactly what
        // a tenant of that property (and unit) would be given.
        Scope scope = req.query().first("propertyId").isPresent() ? scope(req) : null;
        if (scope == null && req.query().first("unitId").isPresent()) {
            throw ApiException.badRequest("a unitId needs its propertyId");
        }
        JsonArrayBuilder results = Json.createArrayBuilder();
        List<ScoredPassage> hits = knowledge.search(query, scope, limit, language(req));
        for (int i = 0; i < hits.size(); i++) {
            ScoredPassage hit = hits.get(i);
            results.add(json(hit.passage())
                    .add("rank", i + 1)
                    .add("score", hit.score())
                    .add("fused", hit.fused())
                    .add("keywordRank", hit.keywordRank())
                    .add("vectorRank", hit.vectorRank()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("scope", scope == null ? "all" : scope.key())
                .add("results", results).build());
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_RESULTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("limit must be 1-" + MAX_RESULTS);
    }

    /** {@code ?propertyId=&unitId=}: the portfolio when neither is given. */
    private static Scope scope(ServerRequest req) {
        String propertyId = req.query().first("propertyId").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String unitId = req.query().first("unitId").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        return new Scope(propertyId, unitId);
    }

    /** {@code ?language=}: null when not given, else one of {@link Language}. */
    private static Language language(ServerRequest req) {
        return Language.require(req.query().first("language").orElse(null));
    }

    private static byte[] readAtMost(ServerRequest req, long limit) {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("send the file as the request body");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new TooLarge("the file is larger than the " + limit / (1024 * 1024) + " MB limit");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObjectBuilder json(KnowledgeDocument d) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", d.id())
                .add("title", d.title())
                .add("filename", d.filename())
                .add("type", d.format())
                .add("contentType", d.contentType())
                .add("structure", d.structure())
                .add("scope", d.scope().level());
        nullable(json, "propertyId", d.propertyId());
        nullable(json, "unitId", d.unitId());
        nullable(json, "language", d.language() == null ? null : d.language().tag());
        json.add("status", d.status());
        if (d.statusDetail() != null) {
            json.add("detail", d.statusDetail());
        }
        return json.add("passages", d.passages())
                .add("pages", d.pages())
                .add("sizeBytes", d.sizeBytes())
                .add("sha256", d.sha256())
                .add("revision", d.revision())
                .add("createdBy", d.createdBy())
                .add("createdAt", d.createdAt().toString())
                .add("updatedAt", d.updatedAt().toString());
    }

    static JsonObjectBuilder json(IngestionJob j) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", j.id())
                .add("documentId", j.documentId())
                .add("filename", j.filename())
                .add("kind", j.kind())
                .add("state", j.state())
                .add("done", j.done())
                .add("total", j.total())
                .add("progress", Math.round(j.progress() * 1000) / 1000.0)
                .add("createdAt", j.createdAt().toString());
        if (j.detail() != null) {
            json.add("detail", j.detail());
        }
        if (j.finishedAt() != null) {
            json.add("finishedAt", j.finishedAt().toString());
        }
        return json;
    }

    static JsonObjectBuilder json(Passage p) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("sourceId", p.id())
                .add("documentId", p.documentId())
                .add("document", p.documentTitle())
                .add("title", p.title())
                .add("text", p.text())
                .add("scope", p.scope().level());
        nullable(json, "propertyId", p.propertyId());
        nullable(json, "unitId", p.unitId());
        nullable(json, "language", p.language() == null ? null : p.language().tag());
        return json;
    }

    static JsonObjectBuilder json(KnowledgeLibrary.FlaggedPassage f) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("passageId", f.passageId())
                .add("documentId", f.documentId())
                .add("reason", f.reason())
                .add("state", f.held() ? "held" : "approved")
                .add("flaggedAt", f.flaggedAt().toString());
        nullable(json, "approvedBy", f.approvedBy());
        nullable(json, "approvedAt", f.approvedAt() == null ? null : f.approvedAt().toString());
        return json;
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
