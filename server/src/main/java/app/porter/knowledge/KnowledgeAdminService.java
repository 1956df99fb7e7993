package app.porter.knowledge;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Role;
import app.porter.http.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonResponses;

/**
 * The knowledge base on the admin socket, {@code /api/admin/v1/kb}.
 *
 * <pre>
 * curl -s localhost:8082/api/admin/v1/kb/documents -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s 'localhost:8082/api/admin/v1/kb/search?q=late+fee&amp;propertyId=maple-court' -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class KnowledgeAdminService implements HttpService {

    private static final int SEARCH_RESULTS = 10;

    private final KnowledgeBase knowledge;

    public KnowledgeAdminService(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/documents", this::documents)
                .get("/search", this::search);
    }

    private void documents(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String propertyId = req.query().first("propertyId").orElse(null);
        JsonArrayBuilder documents = Json.createArrayBuilder();
        for (KnowledgeDocument d : knowledge.documents(propertyId)) {
            JsonObjectBuilder doc = Json.createObjectBuilder()
                    .add("id", d.id())
                    .add("title", d.title())
                    .add("contentType", d.contentType())
                    .add("passages", d.passages())
                    .add("status", d.status());
            if (d.propertyId() == null) {
                doc.add("scope", "portfolio").addNull("propertyId");
            } else {
                doc.add("scope", "property").add("propertyId", d.propertyId());
            }
            documents.add(doc);
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("documents", documents).build());
    }

    private void search(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String query = req.query().first("q").orElse("").strip();
        if (query.isEmpty()) {
            throw ApiException.badRequest("give the question as ?q=");
        }
        String propertyId = req.query().first("propertyId").orElse(null);
        JsonArrayBuilder results = Json.createArrayBuilder();
        for (ScoredPassage hit : knowledge.search(query, propertyId, SEARCH_RESULTS)) {
            results.add(Json.createObjectBuilder()
                    .add("sourceId", hit.passage().id())
                    .add("documentId", hit.passage().documentId())
                    .add("title", hit.passage().title())
                    .add("text", hit.passage().text())
                    .add("score", hit.score()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("results", results).build());
    }
}
