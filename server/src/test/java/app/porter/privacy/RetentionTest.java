package app.porter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

import app.porter.MutableClock;
import app.porter.TestPorter;

/** The retention policy over HTTP and the nightly purge, driven by a clock the test moves. */
class RetentionTest {

    @TempDir
    Path dataDir;

    @Test
    void theNightlyPurgeShredsIdleConversationsButKeepsHeldAndRecentOnes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (TestPorter porter = TestPorter.start(dataDir, Map.of("PORTER_BOOTSTRAP_TOKEN", TestPorter.ADMIN_TOKEN,
                "PORTER_PURGE_AT", "03:00"), clock)) {
            TestPorter.Started idle = porter.startConversation();
            porter.ask(idle, "When is rent due?");
            TestPorter.Started held = porter.startConversation();
            porter.ask(held, "I want my deposit back");
            assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/legal-holds/" + held.id()),
                    "{\"reason\":\"deposit dispute\"}", TestPorter.ADMIN_TOKEN).statusCode());
            byte[] idleCiphertext = firstMessageBody(idle.id());

            assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/retention"), "{\"conversations\": 30}",
                    TestPorter.ADMIN_TOKEN).statusCode());
            clock.advance(Duration.ofDays(20));
            TestPorter.Started recent = porter.startConversation();
            porter.ask(recent, "Is there a gym?");
            clock.advance(Duration.ofDays(11));

            // The console's preview: "1 conversation will be purged tonight".
            JsonObject policy = TestPorter.json(porter.adminGet("/api/admin/v1/retention").body());
            JsonObject conversations = policy.getJsonArray("policy").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("dataClass").equals("conversations")).findFirst().orElseThrow();
            assertEquals(30, conversations.getInt("days"));
            assertEquals(1, conversations.getInt("dueAtNextRun"));
            assertEquals(2, TestPorter.json(porter.adminGet(
                    "/api/admin/v1/retention/preview?dataClass=conversations&days=10").body()).getInt("dueAtNextRun"),
                    "a shorter policy would purge the recent one too (never the held one)");

            Retention retention = porter.porter.privacy().retention();
            Optional<Retention.Run> run = retention.runIfDue();
            assertTrue(run.isPresent(), "the run was overdue by the clock");
            assertEquals(1L, run.get().purged().get(DataClass.CONVERSATIONS));
            assertTrue(retention.runIfDue().isEmpty(), "and is not due again until the next night");
            assertTrue(retention.nextRun().isAfter(clock.instant()));

            assertEquals(404, porter.get(porter.tenant("/api/v1/conversations/" + idle.id() + "/messages"),
                    idle.token()).statusCode());
            assertEquals(200, porter.get(porter.tenant("/api/v1/conversations/" + held.id() + "/messages"),
                    held.token()).statusCode());
            assertEquals(200, porter.get(porter.tenant("/api/v1/conversations/" + recent.id() + "/messages"),
                    recent.token()).statusCode());
            // Freed pages were handed back (incremental vacuum); the WAL was truncated, and since holds only the
            // audit entries written after the purge (checked with every other file below).
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
                 ResultSet row = db.createStatement().executeQuery("PRAGMA freelist_count")) {
                row.next();
                assertEquals(0, row.getInt(1), "no free pages are left in the file");
            }
            // Nothing of the purged conversation is left in any file: its id, its ciphertext.
            EncryptionAtRestTest.assertNoFileContains(dataDir, idleCiphertext);
            EncryptionAtRestTest.assertNoFileContains(dataDir, idle.id());
            assertTrue(porter.porter.privacy().audit().recent(20).stream().anyMatch(e ->
                    e.action().equals("retention.purged") && e.target().equals("conversations")
                            && e.detail().startsWith("1 ")));
            assertTrue(porter.porter.privacy().audit().verify().ok());
        }
    }

    private static final List<String> BAD_POLICIES = List.of(
            "{\"conversations\": -1}",
            "{\"conversations\": 0}",
            "{\"conversations\": 100000}",
            "{\"conversations\": 99999999999999999999}",
            "{\"conversations\": 30.5}",
            "{\"conversations\": \"30\"}",
            "{\"audit-log\": 30}",
            "{\"bogus\": 3}",
            "{}",
            "{\"conversations\": 30, \"feedback\": -5}");

    @Test
    void badPoliciesAreRefusedWholeAndAudited() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            for (String body : BAD_POLICIES) {
                HttpResponse<String> response = porter.putJson(porter.admin("/api/admin/v1/retention"), body,
                        TestPorter.ADMIN_TOKEN);
                assertEquals(400, response.statusCode(), response.body());
                assertTrue(TestPorter.json(response.body()).getString("detail").length() > 5);
                assertEquals(365, porter.porter.privacy().retention().policy().get(DataClass.CONVERSATIONS),
                        "nothing changed");
                if (!body.equals("{}")) {
                    assertTrue(porter.porter.privacy().audit().recent(3).stream()
                            .anyMatch(e -> e.action().equals("retention.change.refused")), body);
                }
            }
        }
    }

    @Test
    void policyChangesAreAuditedWithBeforeAndAfter() throws Exception {
        try (TestPorter porter = TestPorter.start(dataDir)) {
            assertEquals(401, porter.putJson(porter.admin("/api/admin/v1/retention"), "{\"feedback\": 90}",
                    "not-a-token").statusCode());
            HttpResponse<String> response = porter.putJson(porter.admin("/api/admin/v1/retention"),
                    "{\"feedback\": 90, \"audit-log\": 400}", TestPorter.ADMIN_TOKEN);
            assertEquals(200, response.statusCode(), response.body());
            List<String> details = porter.porter.privacy().audit().recent(5).stream()
                    .filter(e -> e.action().equals("retention.changed")).map(e -> e.target() + ": " + e.detail())
                    .toList();
            assertTrue(details.contains("feedback: 365 -> 90 days"), details.toString());
            assertTrue(details.contains("audit-log: 2555 -> 400 days"), details.toString());
        }
    }

    private byte[] firstMessageBody(String conversationId) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet row = db.createStatement().executeQuery(
                     "SELECT body FROM messages WHERE conversation_id = '" + conversationId + "' LIMIT 1")) {
            row.next();
            return row.getBytes(1);
        }
    }
}
