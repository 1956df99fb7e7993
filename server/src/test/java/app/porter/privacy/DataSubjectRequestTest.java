package app.porter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.TestPorter;
import app.porter.audit.AuditEntry;
import app.porter.crypto.ApplianceKey;

/**
 * Data-subject requests, the privacy notice, legal holds, audited staff reads and key rotation, through the real
 * tenant and admin sockets.
 */
class DataSubjectRequestTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void aTenantDownloadsTheirConversation() {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "When is my rent due?");
        HttpResponse<String> response = porter.get(porter.tenant("/api/v1/conversations/" + conversation.id()
                + "/export"), conversation.token());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        JsonObject export = TestPorter.json(response.body());
        assertEquals("porter.export/v1", export.getString("format"));
        JsonObject c = export.getJsonArray("conversations").getJsonObject(0);
        assertEquals(conversation.id(), c.getString("conversationId"));
        assertTrue(c.getInt("noticeVersion") >= 1, "the consented notice version is recorded");
        List<JsonObject> messages = c.getJsonArray("messages").getValuesAs(JsonObject.class);
        assertEquals(2, messages.size());
        assertEquals("When is my rent due?", messages.get(0).getString("text"));
        assertEquals("tenant", messages.get(0).getString("role"));
        assertEquals("assistant", messages.get(1).getString("role"));
        assertFalse(messages.get(1).getJsonArray("citations").isEmpty());

        // Another conversation's token gets nothing.
        TestPorter.Started other = porter.startConversation();
        assertEquals(403, porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/export"),
                other.token()).statusCode());
        assertEquals(401, porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/export"), null)
                .statusCode());
    }

    @Test
    void aTenantDeletesTheirConversationAndTheReceiptVerifiesOffline() throws Exception {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "Can I have a cat?");
        byte[] ciphertext = messageBody(conversation.id());

        HttpResponse<String> deleted = porter.delete(porter.tenant("/api/v1/conversations/" + conversation.id()),
                conversation.token());
        assertEquals(200, deleted.statusCode(), deleted.body());
        JsonObject receipt = TestPorter.json(deleted.body()).getJsonObject("receipt");

        // Offline: the public key as published, and nothing but the JDK.
        JsonObject published = TestPorter.json(porter.get(porter.tenant("/api/v1/keys/public"), null).body());
        PublicKey key = ApplianceKey.parsePublicKey(published.getString("publicKey"));
        assertTrue(ErasureReceipt.verify(receipt, key), "the receipt verifies with the published key");
        JsonObject signed = TestPorter.json(receipt.getString("payload"));
        assertEquals(ErasureReceipt.TYPE, signed.getString("type"));
        assertEquals(conversation.id(), signed.getString("conversationId"));
        assertEquals(2, signed.getInt("messagesDestroyed"));
        assertEquals("tenant", signed.getString("requestedBy"));
        assertEquals(published.getString("keyId"), receipt.getString("keyId"));

        // The README's OpenSSL recipe, where OpenSSL 3 is installed.
        if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            Path dir = Files.createTempDirectory(dataDir, "receipt-");
            Files.writeString(dir.resolve("payload"), receipt.getString("payload"));
            Files.write(dir.resolve("sig"), java.util.Base64.getDecoder().decode(receipt.getString("signature")));
            Files.writeString(dir.resolve("porter-public.pem"), TestPorter.json(deleted.body()).getString("publicKey"));
            Process openssl = new ProcessBuilder("/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                    "porter-public.pem", "-rawin", "-in", "payload", "-sigfile", "sig")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String said = new String(openssl.getInputStream().readAllBytes());
            assertEquals(0, openssl.waitFor(), said);
            assertTrue(said.contains("Signature Verified Successfully"), said);
        }

        // A receipt edited after signing does not verify.
        JsonObject forged = Json.createObjectBuilder(receipt)
                .add("payload", receipt.getString("payload").replace("\"messagesDestroyed\":2", "\"messagesDestroyed\":0"))
                .build();
        assertFalse(ErasureReceipt.verify(forged, key));

        // The conversation is gone for the tenant, its key destroyed, its ciphertext nowhere in the database.
        assertEquals(404, porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                conversation.token()).statusCode());
        assertEquals(404, porter.delete(porter.tenant("/api/v1/conversations/" + conversation.id()),
                conversation.token()).statusCode());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet row = db.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM conversations WHERE id = '" + conversation.id() + "'")) {
            row.next();
            assertEquals(0, row.getInt(1));
        }
        EncryptionAtRestTest.assertNoFileContains(dataDir, ciphertext);
        assertTrue(audited("dsr.erased", conversation.id()), "the erasure is audited");
    }

    @Test
    void erasingAnUnknownConversationIsA404AndAudited() {
        HttpResponse<String> response = porter.adminPost("/api/admin/v1/dsr/erase",
                "{\"conversationIds\":[\"no-such-conversation\"],\"reason\":\"tenant request by letter\"}");
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("nothing was erased"), response.body());
        assertTrue(audited("dsr.erase.refused", "no-such-conversation"));
        // Tenants have no identity yet: a request by tenant id is refused plainly, not half-done.
        HttpResponse<String> byTenant = porter.adminPost("/api/admin/v1/dsr/export",
                "{\"tenantId\":\"t-42\",\"reason\":\"tenant request by letter\"}");
        assertEquals(400, byTenant.statusCode(), byTenant.body());
        assertTrue(byTenant.body().contains("conversationIds"), byTenant.body());
    }

    @Test
    void adminRequestsNeedAStatedReasonWhichIsAuditedWithPersonalDataRedacted() {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "Is there a gym?");
        String body = "{\"conversationIds\":[\"" + conversation.id() + "\"]}";
        assertEquals(400, porter.adminPost("/api/admin/v1/dsr/export", body).statusCode());

        HttpResponse<String> export = porter.adminPost("/api/admin/v1/dsr/export", "{\"conversationIds\":[\""
                + conversation.id() + "\"],\"reason\":\"request from jane@example.com by phone 415-555-2671\"}");
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().contains("Is there a gym?"));
        AuditEntry entry = porter.porter.privacy().audit().recent(5).stream()
                .filter(e -> e.action().equals("dsr.exported")).findFirst().orElseThrow();
        assertEquals("request from [EMAIL] by phone [PHONE]", entry.detail());

        // A staff read of a conversation: reason required, audited with it.
        assertEquals(400, porter.adminGet("/api/admin/v1/conversations/" + conversation.id()).statusCode());
        HttpResponse<String> read = porter.adminGet("/api/admin/v1/conversations/" + conversation.id()
                + "?reason=escalated+question+about+gym+hours");
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(audited("conversation.read", conversation.id()));
        assertEquals(404, porter.adminGet("/api/admin/v1/conversations/nope?reason=x+y+z").statusCode());
    }

    @Test
    void aLegalHoldBlocksErasureUntilReleased() {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "My deposit was not returned");
        assertEquals(400, porter.putJson(porter.admin("/api/admin/v1/legal-holds/" + conversation.id()), "{}",
                TestPorter.ADMIN_TOKEN).statusCode(), "a hold needs a reason");
        assertEquals(200, porter.putJson(porter.admin("/api/admin/v1/legal-holds/" + conversation.id()),
                "{\"reason\":\"deposit dispute, case 2026-14\"}", TestPorter.ADMIN_TOKEN).statusCode());
        assertTrue(porter.adminGet("/api/admin/v1/legal-holds").body().contains(conversation.id()));

        HttpResponse<String> refused = porter.delete(porter.tenant("/api/v1/conversations/" + conversation.id()),
                conversation.token());
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(audited("dsr.erase.refused", conversation.id()));
        assertEquals(200, porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                conversation.token()).statusCode(), "nothing was half-erased");

        assertEquals(200, porter.delete(porter.admin("/api/admin/v1/legal-holds/" + conversation.id()),
                TestPorter.ADMIN_TOKEN).statusCode());
        assertEquals(200, porter.delete(porter.tenant("/api/v1/conversations/" + conversation.id()),
                conversation.token()).statusCode());
    }

    @Test
    void theNoticeIsVersionedAndTheConsentedVersionIsRecorded() throws Exception {
        JsonObject notice = TestPorter.json(porter.get(porter.tenant("/api/v1/privacy-notice"), null).body());
        int before = notice.getInt("version");
        assertTrue(notice.getString("text").contains("encrypted"));

        assertEquals(400, porter.putJson(porter.admin("/api/admin/v1/privacy-notice"), "{\"text\":\"too short\"}",
                TestPorter.ADMIN_TOKEN).statusCode());
        HttpResponse<String> published = porter.putJson(porter.admin("/api/admin/v1/privacy-notice"),
                "{\"text\":\"Maple Court keeps your chat encrypted on its own server for 90 days.\"}",
                TestPorter.ADMIN_TOKEN);
        assertEquals(200, published.statusCode(), published.body());
        int now = TestPorter.json(published.body()).getInt("version");
        assertEquals(before + 1, now);
        assertTrue(audited("privacy.notice.published", "v" + now));

        // A widget that showed the old notice is asked to show the new one first.
        HttpResponse<String> stale = porter.postJson(porter.tenant("/api/v1/conversations"),
                "{\"consent\":true,\"noticeVersion\":" + before + "}", null);
        assertEquals(409, stale.statusCode(), stale.body());
        HttpResponse<String> fresh = porter.postJson(porter.tenant("/api/v1/conversations"),
                "{\"consent\":true,\"noticeVersion\":" + now + "}", null);
        assertEquals(201, fresh.statusCode(), fresh.body());
        String id = TestPorter.json(fresh.body()).getString("conversationId");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet row = db.createStatement().executeQuery(
                     "SELECT notice_version FROM conversations WHERE id = '" + id + "'")) {
            row.next();
            assertEquals(now, row.getInt(1));
        }
    }

    @Test
    void kekRotationRewrapsDataKeysAndOldConversationsStayReadable() throws Exception {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "Where do I put recycling?");
        byte[] messageBefore = messageBody(conversation.id());

        HttpResponse<String> rotated = porter.adminPost("/api/admin/v1/keys/rotate", "{\"confirm\":true}");
        assertEquals(200, rotated.statusCode(), rotated.body());
        JsonObject rotation = TestPorter.json(rotated.body());
        assertTrue(rotation.getInt("rewrapped") >= 1);
        int version = rotation.getInt("toVersion");

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet row = db.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM conversations WHERE length(wrapped_key) > 0 AND kek_version <> " + version)) {
            row.next();
            assertEquals(0, row.getInt(1), "every data key is wrapped by the new KEK");
        }
        assertEquals(java.util.Arrays.toString(messageBefore), java.util.Arrays.toString(messageBody(conversation.id())),
                "no message was re-encrypted");
        String history = porter.get(porter.tenant("/api/v1/conversations/" + conversation.id() + "/messages"),
                conversation.token()).body();
        assertTrue(history.contains("Where do I put recycling?"), history);
        assertTrue(audited("privacy.kek.rotated", "v" + version));
    }

    @Test
    void aTamperedCiphertextIsAPlainIntegrityErrorAndAudited() throws Exception {
        TestPorter.Started conversation = porter.startConversation();
        porter.ask(conversation, "Where is the laundry room?");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"))) {
            // Flip one byte of the first message's ciphertext, as a disk fault or an attacker would.
            db.createStatement().executeUpdate("UPDATE messages SET body = substr(body, 1, 20)"
                    // A byte that really changes: one in 256 ciphertexts already has 0x00 there.
                    + " || CASE WHEN substr(body, 21, 1) = X'00' THEN X'01' ELSE X'00' END || substr(body, 22)"
                    + " WHERE conversation_id = '" + conversation.id() + "' AND seq = 1");
        }
        HttpResponse<String> history = porter.get(porter.tenant("/api/v1/conversations/" + conversation.id()
                + "/messages"), conversation.token());
        assertEquals(500, history.statusCode());
        assertEquals("integrity_error", TestPorter.json(history.body()).getString("error"));
        assertTrue(audited("privacy.integrity.failed", "/api/v1/conversations/" + conversation.id() + "/messages"),
                () -> porter.porter.privacy().audit().recent(3).toString());
    }

    @Test
    void theAuditLogIsQueriedAndVerifiedOverHttp() {
        HttpResponse<String> verify = porter.adminGet("/api/admin/v1/audit/verify");
        assertEquals(200, verify.statusCode());
        JsonObject result = TestPorter.json(verify.body());
        assertTrue(result.getBoolean("ok"), verify.body());
        assertTrue(result.getInt("entries") >= 1);

        HttpResponse<String> list = porter.adminGet("/api/admin/v1/audit?action=audit.&limit=5");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("audit.verified"), list.body());
        assertEquals(400, porter.adminGet("/api/admin/v1/audit?from=yesterday").statusCode());
        assertEquals(400, porter.adminGet("/api/admin/v1/audit?from=2026-02-01&to=2026-01-01").statusCode());

        HttpResponse<String> export = porter.adminGet("/api/admin/v1/audit/export");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        String[] lines = export.body().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("{\"head\":"));
    }

    private static boolean audited(String action, String target) {
        return porter.porter.privacy().audit().recent(50).stream()
                .anyMatch(e -> e.action().equals(action) && e.target().equals(target));
    }

    private static byte[] messageBody(String conversationId) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
             ResultSet row = db.createStatement().executeQuery(
                     "SELECT body FROM messages WHERE conversation_id = '" + conversationId + "' ORDER BY seq LIMIT 1")) {
            row.next();
            return row.getBytes(1);
        }
    }
}
