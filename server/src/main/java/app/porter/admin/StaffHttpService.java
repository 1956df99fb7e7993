package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.AdminTokens;
import app.porter.access.Role;
import app.porter.errors.InvalidInput;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.staff.NewStaff;
import app.porter.staff.StaffAccounts;
import app.porter.staff.StaffMember;

/**
 * Staff accounts on the admin socket, {@code /api/admin/v1/staff}: people, their passwords and their API tokens.
 * Everything here needs the admin role and is audited by {@link StaffAccounts}. A token made here acts as its person,
 * with that person's role and display name, until it is revoked or the account is disabled.
 *
 * <pre>
 * curl -s -XPOST localhost:8082/api/admin/v1/staff -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' \
 *      -d '{"username":"alex","displayName":"Alex Kim","role":"agent","password":"correct horse battery"}'
 * curl -s localhost:8082/api/admin/v1/staff -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/staff/alex/tokens -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XDELETE localhost:8082/api/admin/v1/staff/alex/tokens/$TOKEN_ID -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPOST localhost:8082/api/admin/v1/staff/alex/password -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"password":"a new long passphrase"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/staff/alex/disable -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class StaffHttpService implements HttpService {

    private static final int MAX_BODY_BYTES = 4 * 1024;

    private final StaffAccounts staff;

    public StaffHttpService(StaffAccounts staff) {
        this.staff = staff;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .post("/{username}/tokens", this::issueToken)
                .get("/{username}/tokens", this::listTokens)
                .delete("/{username}/tokens/{tokenId}", this::revokeToken)
                .post("/{username}/password", this::resetPassword)
                .delete("/{username}/second-factor", this::resetSecondFactor)
                .post("/{username}/disable", this::disable)
                .post("/{username}/enable", this::enable);
    }

    private void create(ServerRequest req, ServerResponse res) {
        var actor = AdminAuth.actor(req);
        actor.require("adding staff", Role.ADMIN); // before the body: a refused caller learns nothing of it
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        StaffMember member = staff.create(actor, new NewStaff(JsonRequests.requiredString(body, "username"),
                JsonRequests.requiredString(body, "displayName"), role(JsonRequests.requiredString(body, "role")),
                JsonRequests.requiredString(body, "password")));
        JsonResponses.send(res, 201, json(member).build());
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        staff.list(AdminAuth.actor(req)).forEach(m -> members.add(json(m)));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("staff", members).build());
    }

    private void issueToken(ServerRequest req, ServerResponse res) {
        AdminTokens.Issued issued = staff.issueToken(AdminAuth.actor(req), username(req));
        JsonResponses.send(res, 201, Json.createObjectBuilder().add("id", issued.id()).add("token", issued.token())
                .build());
    }

    private void listTokens(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder tokens = Json.createArrayBuilder();
        for (AdminTokens.StaffToken token : staff.tokens(AdminAuth.actor(req), username(req))) {
            tokens.add(Json.createObjectBuilder().add("id", token.id()).add("createdAt", token.createdAt().toString()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("tokens", tokens).build());
    }

    private void revokeToken(ServerRequest req, ServerResponse res) {
        staff.revokeToken(AdminAuth.actor(req), username(req), req.path().pathParameters().get("tokenId"));
        res.status(204).send();
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        var actor = AdminAuth.actor(req);
        actor.require("resetting a password", Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        staff.resetPassword(actor, username(req), JsonRequests.requiredString(body, "password"));
        res.status(204).send();
    }

    private void resetSecondFactor(ServerRequest req, ServerResponse res) {
        staff.resetSecondFactor(AdminAuth.actor(req), username(req));
        res.status(204).send();
    }

    private void disable(ServerRequest req, ServerResponse res) {
        staff.disable(AdminAuth.actor(req), username(req));
        res.status(204).send();
    }

    private void enable(ServerRequest req, ServerResponse res) {
        staff.enable(AdminAuth.actor(req), username(req));
        res.status(204).send();
    }

    private static String username(ServerRequest req) {
        return req.path().pathParameters().get("username");
    }

    private static Role role(String id) {
        for (Role role : Role.values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new InvalidInput("role is one of admin, agent, auditor");
    }

    static JsonObjectBuilder json(StaffMember member) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("username", member.username())
                .add("displayName", member.displayName())
                .add("role", member.role().id())
                .add("enrolled", member.enrolled())
                .add("disabled", member.disabled())
                .add("createdAt", member.createdAt().toString());
        member.lockedUntil().ifPresent(until -> json.add("lockedUntil", until.toString()));
        return json;
    }
}
