package app.porter.staff;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.TestPorter;
import app.porter.audit.AuditEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff endpoints of the admin API on a real appliance: who may add people and make tokens, a token acting as
 * its person (role, audit name), revocation and disabling.
 */
class StaffApiTest {

    @TempDir
    static Path dataDir;
    private static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (porter != null) {
            porter.close();
        }
    }

    private static HttpResponse<String> addStaff(String token, String username, String role) {
        return porter.postJson(porter.admin("/api/admin/v1/staff"), """
                {"username":"%s","displayName":"%s Person","role":"%s","password":"a long enough password"}"""
                .formatted(username, username, role), token);
    }

    private static String tokenFor(String username) {
        HttpResponse<String> response = porter.adminPost("/api/admin/v1/staff/" + username + "/tokens", "");
        assertEquals(201, response.statusCode(), response.body());
        return TestPorter.json(response.body()).getString("token");
    }

    @Test
    void onlyAdminsAddPeopleAndMakeTokens() {
        assertEquals(201, addStaff(TestPorter.ADMIN_TOKEN, "ada", "agent").statusCode());
        assertEquals(201, addStaff(TestPorter.ADMIN_TOKEN, "aud", "auditor").statusCode());
        String agent = tokenFor("ada");
        String auditor = tokenFor("aud");

        for (String token : new String[] {agent, auditor}) {
            HttpResponse<String> refused = addStaff(token, "mallory", "admin");
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("forbidden", TestPorter.json(refused.body()).getString("error"));
            assertEquals(403, porter.get(porter.admin("/api/admin/v1/staff"), token).statusCode());
            assertEquals(403, porter.postJson(porter.admin("/api/admin/v1/staff/ada/tokens"), "", token)
                    .statusCode());
            assertEquals(403, porter.postJson(porter.admin("/api/admin/v1/staff/ada/password"),
                    "{\"password\":\"someone else's password\"}", token).statusCode());
            assertEquals(403, porter.postJson(porter.admin("/api/admin/v1/staff/ada/disable"), "", token)
                    .statusCode());
        }
        // The role boundary of the rest of the API holds for a person's token too.
        assertEquals(403, porter.putJson(porter.admin("/api/admin/v1/retention"), "{}", agent).statusCode());
        assertEquals(200, porter.get(porter.admin("/api/admin/v1/audit"), auditor).statusCode());

        JsonObject listed = TestPorter.json(porter.adminGet("/api/admin/v1/staff").body());
        assertTrue(listed.getJsonArray("staff").stream().map(v -> v.asJsonObject().getString("username")).toList()
                .containsAll(java.util.List.of("ada", "aud")), listed.toString());
        assertFalse(listed.toString().contains("password"), "no hash or password is ever listed");
    }

    @Test
    void badInputIsRefusedPlainly() {
        assertEquals(400, addStaff(TestPorter.ADMIN_TOKEN, "x", "agent").statusCode(), "too short a username");
        assertEquals(400, addStaff(TestPorter.ADMIN_TOKEN, "bootstrap", "admin").statusCode(), "reserved");
        assertEquals(400, addStaff(TestPorter.ADMIN_TOKEN, "carol", "owner").statusCode(), "no such role");
        HttpResponse<String> shortPassword = porter.adminPost("/api/admin/v1/staff",
                "{\"username\":\"carol\",\"displayName\":\"Carol\",\"role\":\"agent\",\"password\":\"short\"}");
        assertEquals(400, shortPassword.statusCode());
        assertFalse(shortPassword.body().contains("short\""), "the refusal does not quote the password");
        assertEquals(201, addStaff(TestPorter.ADMIN_TOKEN, "carol", "agent").statusCode());
        assertEquals(409, addStaff(TestPorter.ADMIN_TOKEN, "Carol", "agent").statusCode(), "usernames ignore case");
        assertEquals(404, porter.adminPost("/api/admin/v1/staff/nobody/tokens", "").statusCode());
    }

    @Test
    void aTokenActsAsItsPersonUntilRevokedOrDisabled() {
        assertEquals(201, addStaff(TestPorter.ADMIN_TOKEN, "dana", "admin").statusCode());
        String token = tokenFor("dana");
        // Dana (an admin) adds someone: the audit log names Dana, not the bootstrap token.
        assertEquals(201, addStaff(token, "erin", "agent").statusCode());
        AuditEntry created = porter.porter.privacy().audit().recent(20).stream()
                .filter(e -> e.action().equals("staff.created") && e.target().equals("erin")).findFirst().orElseThrow();
        assertEquals("dana", created.actor());

        JsonObject tokens = TestPorter.json(porter.adminGet("/api/admin/v1/staff/dana/tokens").body());
        String id = tokens.getJsonArray("tokens").getJsonObject(0).getString("id");
        assertFalse(tokens.toString().contains(token), "a token is shown once, never listed");
        assertEquals(204, porter.delete(porter.admin("/api/admin/v1/staff/dana/tokens/" + id),
                TestPorter.ADMIN_TOKEN).statusCode());
        assertEquals(401, porter.get(porter.admin("/api/admin/v1/staff"), token).statusCode(), "revoked");
        assertEquals(404, porter.delete(porter.admin("/api/admin/v1/staff/dana/tokens/" + id),
                TestPorter.ADMIN_TOKEN).statusCode());

        String second = tokenFor("dana");
        assertEquals(200, porter.get(porter.admin("/api/admin/v1/staff"), second).statusCode());
        assertEquals(204, porter.adminPost("/api/admin/v1/staff/dana/disable", "").statusCode());
        assertEquals(401, porter.get(porter.admin("/api/admin/v1/staff"), second).statusCode(), "disabled");
        assertEquals(409, porter.adminPost("/api/admin/v1/staff/dana/tokens", "").statusCode(),
                "no new tokens for a disabled account");
        assertEquals(204, porter.adminPost("/api/admin/v1/staff/dana/enable", "").statusCode());
        assertEquals(401, porter.get(porter.admin("/api/admin/v1/staff"), second).statusCode(),
                "enabling again does not bring old tokens back");
        assertEquals(204, porter.delete(porter.admin("/api/admin/v1/staff/dana/second-factor"),
                TestPorter.ADMIN_TOKEN).statusCode());
        assertEquals(204, porter.adminPost("/api/admin/v1/staff/dana/password",
                "{\"password\":\"dana's reset password\"}").statusCode());
    }
}
