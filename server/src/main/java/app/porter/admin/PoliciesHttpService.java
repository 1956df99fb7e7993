package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.access.Actor;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.policy.Policies;
import app.porter.policy.PolicyDraft;
import app.porter.policy.PolicyJson;
import app.porter.policy.PolicyVersion;

/**
 * The firm's policy set on the admin socket, {@code /api/admin/v1/policies}: the active version, every version,
 * and a new version (fields left out are the active version's). Admin role; publishing is audited by
 * {@link Policies}.
 *
 * <pre>
 * curl -s -XPOST localhost:8082/api/admin/v1/policies/versions -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"tone":"Warm and brief.","reviewBy":"2027-06-01"}'
 * </pre>
 */
public final class PoliciesHttpService implements HttpService {

    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final Policies policies;

    public PoliciesHttpService(Policies policies) {
        this.policies = policies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/active", this::active)
                .get("/versions", this::versions)
                .post("/versions", this::publish);
    }

    private void active(ServerRequest req, ServerResponse res) {
        PolicyVersion active = policies.active(AdminAuth.actor(req));
        JsonResponses.send(res, 200, PolicyJson.json(active, policies.today()).build());
    }

    private void versions(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder versions = Json.createArrayBuilder();
        for (PolicyVersion version : policies.versions(AdminAuth.actor(req))) {
            versions.add(PolicyJson.json(version, policies.today()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("versions", versions).build());
    }

    private void publish(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        PolicyVersion base = policies.active(actor);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        PolicyDraft draft = PolicyJson.draft(body, base.policy(), policies.today().plusMonths(6));
        PolicyVersion written = policies.publish(actor, draft);
        JsonResponses.send(res, 201, PolicyJson.json(written, policies.today()).build());
    }
}
