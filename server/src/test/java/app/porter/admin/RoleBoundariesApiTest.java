package app.porter.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;

/**
 * What each role may do, through the admin API with each person's own token, on a real appliance: an agent cannot
 * change retention or add staff, an auditor cannot reply to a tenant or read a transcript, an agent cannot read the
 * audit log; and each role can do what its job needs. Refused requests are 403 with the contract's error body.
 */
class RoleBoundariesApiTest {

    @TempDir
    static Path dataDir;
    private static TestPorter porter;
    private static String agent;
    private static String auditor;
    private static String escalation;

    /** One request, as each role will send it. */
    private record Call(String method, String path, String body) {
        HttpResponse<String> as(String token) {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            return porter.send(HttpRequest.newBuilder(porter.admin(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, publisher).build());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
        agent = person("ada", "agent");
        auditor = person("aud", "auditor");
        TestPorter.Started tenant = porter.startConversation();
        porter.ask(tenant, "I would like to talk to a person please");
        escalation = TestPorter.json(porter.adminGet("/api/admin/v1/escalations/queue").body())
                .getJsonArray("escalations").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("conversationId").equals(tenant.id()))
                .findFirst().orElseThrow().getString("id");
    }

    @AfterAll
    static void stop() {
        if (porter != null) {
            porter.close();
        }
    }

    private static String person(String username, String role) {
        HttpResponse<String> added = porter.adminPost("/api/admin/v1/staff", """
                {"username":"%s","displayName":"%s","role":"%s","password":"a long enough password"}"""
                .formatted(username, username, role));
        assertEquals(201, added.statusCode(), added.body());
        HttpResponse<String> token = porter.adminPost("/api/admin/v1/staff/" + username + "/tokens", "");
        assertEquals(201, token.statusCode(), token.body());
        return TestPorter.json(token.body()).getString("token");
    }

    private static void refused(String token, Call call) {
        HttpResponse<String> response = call.as(token);
        assertEquals(403, response.statusCode(), call + ": " + response.body());
        assertEquals("forbidden", TestPorter.json(response.body()).getString("error"), call.toString());
    }

    private static void allowed(String token, Call call) {
        HttpResponse<String> response = call.as(token);
        assertNotEquals(403, response.statusCode(), call + ": " + response.body());
        assertNotEquals(401, response.statusCode(), call + ": " + response.body());
    }

    @Test
    void onlyAdminsChangeTheAppliance() {
        List<Call> adminOnly = List.of(
                new Call("PUT", "/api/admin/v1/retention", "{\"conversations\": 30}"),
                new Call("POST", "/api/admin/v1/properties", "{\"id\":\"elm-street\",\"name\":\"Elm Street\"}"),
                new Call("POST", "/api/admin/v1/staff", "{\"username\":\"eve\",\"displayName\":\"Eve\","
                        + "\"role\":\"admin\",\"password\":\"a long enough password\"}"),
                new Call("POST", "/api/admin/v1/keys/rotate", "{\"confirm\":true}"),
                new Call("GET", "/api/admin/v1/notifications", null),
                new Call("GET", "/api/admin/v1/policies/active", null),
                new Call("POST", "/api/admin/v1/policies/versions", "{\"tone\":\"Curt.\"}"),
                new Call("GET", "/api/admin/v1/properties/maple-court/settings", null),
                new Call("PUT", "/api/admin/v1/properties/maple-court/settings", "{\"ticketPrefix\":\"XX\"}"),
                new Call("PATCH", "/api/admin/v1/properties/maple-court", "{\"name\":\"Taken Over\"}"),
                new Call("POST", "/api/admin/v1/dsr/erase", "{\"conversationIds\":[\"x\"],\"reason\":\"letter\"}"));
        for (Call call : adminOnly) {
            refused(agent, call);
            refused(auditor, call);
        }
    }

    @Test
    void auditorsReadTheRecordButNeverAnswerTenants() {
        List<Call> staffWork = List.of(
                new Call("GET", "/api/admin/v1/escalations/queue", null),
                new Call("GET", "/api/admin/v1/escalations/" + escalation, null),
                new Call("POST", "/api/admin/v1/escalations/" + escalation + "/notes", "{\"text\":\"called back\"}"),
                new Call("GET", "/api/admin/v1/tickets", null));
        for (Call call : staffWork) {
            refused(auditor, call);
            allowed(agent, call);
        }
        Call reply = new Call("POST", "/api/admin/v1/escalations/" + escalation + "/messages",
                "{\"text\":\"We are on it.\"}");
        refused(auditor, reply);
        allowed(agent, reply);

        List<Call> record = List.of(
                new Call("GET", "/api/admin/v1/audit", null),
                new Call("GET", "/api/admin/v1/audit/verify", null),
                new Call("GET", "/api/admin/v1/retention", null));
        for (Call call : record) {
            allowed(auditor, call);
            refused(agent, call);
        }
    }
}
