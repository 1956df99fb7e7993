package app.porter.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Issue 13 item 6 on a real appliance: 300 wrong admin tokens in a burst (they were all plain 401s, neither logged
 * nor audited) are slowed and then locked out with 429 and Retry-After, audited once; the operator's token, which
 * worked from here before, still works during the lockout, and a token never seen from here is not even checked.
 */
class TokenLockoutApiTest {

    @TempDir
    Path dataDir;

    @Test
    void aBurstOfWrongTokensIsLockedOutAndAuditedOnce() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            assertEquals(201, porter.adminPost("/api/admin/v1/staff", """
                    {"username":"ada","displayName":"Ada","role":"agent","password":"a long enough password"}""")
                    .statusCode());
            HttpResponse<String> issued = porter.adminPost("/api/admin/v1/staff/ada/tokens", "");
            String unusedToken = TestPorter.json(issued.body()).getString("token");

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> response = porter.get(porter.admin("/api/admin/v1/kb/documents"),
                        "guess-" + i + "-0123456789abcdef");
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElse("0"));
                    assertTrue(retryAfter >= 1 && retryAfter <= TokenLockout.LOCK_FOR.toSeconds(), "" + retryAfter);
                    assertEquals("too_many_attempts", TestPorter.json(response.body()).getString("error"));
                }
            }
            assertEquals(List.of(401, 401, 401, 401, 401), statuses.subList(0, TokenLockout.FREE_FAILURES));
            assertTrue(statuses.subList(TokenLockout.FREE_FAILURES, 300).stream().allMatch(s -> s == 429), statuses.toString());
            HttpResponse<String> last = porter.get(porter.admin("/api/admin/v1/kb/documents"), "another-guess-0123456789");
            assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) > 60,
                    "locked for minutes, not seconds");

            // The operator's token (it worked from this address before the burst) is not shut out.
            assertEquals(200, porter.adminGet("/api/admin/v1/kb/documents").statusCode());
            // A token never used from here is not checked during the lockout: guesses stay bounded.
            assertEquals(429, porter.get(porter.admin("/api/admin/v1/kb/documents"), unusedToken).statusCode());

            JsonObject audit = TestPorter.json(porter.adminGet("/api/admin/v1/audit?action=access.token.locked").body());
            assertEquals(1, audit.toString().split("access.token.locked", -1).length - 1, audit.toString());
            assertTrue(audit.toString().contains("127.0.0.1"), audit.toString());
            assertTrue(!audit.toString().contains("guess-"), "what was sent is never recorded");
        }
    }
}
