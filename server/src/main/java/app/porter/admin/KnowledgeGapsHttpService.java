package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import app.porter.gaps.Corrections;
import app.porter.gaps.Draft;
import app.porter.gaps.GapCluster;
import app.porter.gaps.KnowledgeGaps;
import app.porter.http.ApiException;
import app.porter.http.JsonResponses;

/**
 * Knowledge gaps on the admin socket, {@code /api/admin/v1/knowledge-gaps}: what Porter could not answer, grouped by
 * meaning, for an admin or agent, and a draft entry from a group (published through {@link CorrectionsHttpService}).
 * Reads of examples and every change are audited by {@link KnowledgeGaps} and {@link Corrections}.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/knowledge-gaps?propertyId=maple-court' -H "Authorization: Bearer $TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/knowledge-gaps/$GAP/draft -H "Authorization: Bearer $TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/knowledge-gaps/$GAP/close -H "Authorization: Bearer $TOKEN"
 * </pre>
 */
public final class KnowledgeGapsHttpService implements HttpService {

    /** Examples shown per group: enough to see what was asked, not a transcript. */
    private static final int EXAMPLES = 3;

    private final KnowledgeGaps gaps;
    private final Corrections corrections;

    public KnowledgeGapsHttpService(KnowledgeGaps gaps, Corrections corrections) {
        this.gaps = gaps;
        this.corrections = corrections;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}/draft", this::draft)
                .post("/{id}/close", this::close);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String propertyId = req.query().first("propertyId")
                .orElseThrow(() -> ApiException.badRequest("name the property: ?propertyId=..."));
        JsonArrayBuilder groups = Json.createArrayBuilder();
        for (GapCluster cluster : gaps.clusters(AdminAuth.actor(req), propertyId)) {
            JsonObjectBuilder reasons = Json.createObjectBuilder();
            cluster.reasons().forEach(reasons::add);
            JsonArrayBuilder examples = Json.createArrayBuilder();
            cluster.examples(EXAMPLES).forEach(g -> examples.add(Json.createObjectBuilder().add("gapId", g.id())
                    .add("example", g.example()).add("reason", g.reason()).add("askedAt", g.createdAt().toString())));
            groups.add(Json.createObjectBuilder().add("id", cluster.id()).add("count", cluster.count())
                    .add("reasons", reasons).add("lastSeen", cluster.lastSeen().toString()).add("examples", examples));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("propertyId", propertyId)
                .add("groups", groups).build());
    }

    private void draft(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, json(corrections.fromGap(AdminAuth.actor(req), id(req))).build());
    }

    private void close(ServerRequest req, ServerResponse res) {
        GapCluster closed = gaps.close(AdminAuth.actor(req), id(req));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("id", closed.id()).add("closed", closed.count())
                .build());
    }

    /** The contract's draft: {@code {"propertyId","question","answer","gapId"?}}. */
    static JsonObjectBuilder json(Draft draft) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("propertyId", draft.propertyId())
                .add("question", draft.question()).add("answer", draft.answer());
        if (draft.gapId() != null) {
            json.add("gapId", draft.gapId());
        }
        return json;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
