package app.porter.privacy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.http.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;

/**
 * Privacy on the admin socket, under {@code /api/admin/v1}: retention, data-subject requests, legal holds, the
 * privacy notice, keys, audited reads of conversations. Every change and every read of tenant data is audited;
 * reads need a stated reason.
 *
 * <pre>
 * curl -s localhost:8082/api/admin/v1/retention -H "Authorization: Bearer $T"
 * curl -s -XPUT localhost:8082/api/admin/v1/retention -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"conversations": 90}'
 * curl -s -XPOST localhost:8082/api/admin/v1/dsr/export -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"conversationIds": ["…"], "reason": "tenant request by email"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/dsr/erase -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"conversationIds": ["…"], "reason": "tenant request by email"}'
 * curl -s 'localhost:8082/api/admin/v1/conversations/…?reason=dispute+about+deposit' -H "Authorization: Bearer $T"
 * curl -s localhost:8082/api/admin/v1/keys/public -H "Authorization: Bearer $T"
 * </pre>
 */
public final class PrivacyAdminHttpService implements HttpService {

    private static final int MAX_BODY = 64 * 1024;

    private final PrivacyServices privacy;

    public PrivacyAdminHttpService(PrivacyServices privacy) {
        this.privacy = privacy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/retention", this::retention)
                .put("/retention", this::updateRetention)
                .get("/retention/preview", this::previewRetention)
                .post("/retention/purge", this::purge)
                .post("/dsr/export", this::export)
                .post("/dsr/erase", this::erase)
                .get("/legal-holds", this::holds)
                .put("/legal-holds/{id}", this::placeHold)
                .delete("/legal-holds/{id}", this::releaseHold)
                .get("/conversations/{id}", this::readConversation)
                .get("/privacy-notice", this::notice)
                .put("/privacy-notice", this::publishNotice)
                .get("/keys/public", this::publicKey)
                .post("/keys/rotate", this::rotate)
                .post("/privacy/redact", this::redact);
    }

    private void retention(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        JsonResponses.send(res, 200, retentionJson());
    }

    /** Body: {@code {"conversations": 90, "feedback": 180}}: classes not named keep their setting. */
    private void updateRetention(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        if (body.containsKey("policy") && body.get("policy").getValueType() == JsonValue.ValueType.OBJECT) {
            body = body.getJsonObject("policy");
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("name at least one data class, e.g. {\"conversations\": 90}");
        }
        Map<DataClass, Long> changes = new EnumMap<>(DataClass.class);
        try {
            for (Map.Entry<String, JsonValue> e : body.entrySet()) {
                DataClass dataClass = DataClass.fromId(e.getKey());
                changes.put(dataClass, wholeDays(e.getKey(), e.getValue()));
            }
            privacy.retention().update(changes, who.name());
        } catch (IllegalArgumentException e) {
            privacy.audit().append(who.name(), "retention.change.refused", "policy", e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        JsonResponses.send(res, 200, retentionJson());
    }

    private void previewRetention(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        try {
            DataClass dataClass = DataClass.fromId(req.query().first("dataClass").orElse("conversations"));
            long days = Long.parseLong(req.query().first("days").orElse(
                    String.valueOf(privacy.retention().policy().get(dataClass))));
            JsonResponses.send(res, 200, Json.createObjectBuilder()
                    .add("dataClass", dataClass.id())
                    .add("days", days)
                    .add("nextRun", privacy.retention().nextRun().toString())
                    .add("dueAtNextRun", privacy.retention().previewWith(dataClass, days))
                    .build());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"days\" must be a whole number");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void purge(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        Retention.Run run = privacy.retention().purgeNow(who.name());
        JsonObjectBuilder purged = Json.createObjectBuilder();
        run.purged().forEach((c, n) -> purged.add(c.id(), n));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("at", run.at().toString())
                .add("purged", purged).build());
    }

    private void export(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        DataSubjectRequests.Subject subject = subject(body);
        String reason = reason(body.getOrDefault("reason", JsonValue.NULL));
        try {
            JsonResponses.send(res, 200, privacy.requests().export(subject, who.name(), reason));
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void erase(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        DataSubjectRequests.Subject subject = subject(body);
        String reason = reason(body.getOrDefault("reason", JsonValue.NULL));
        List<ErasureReceipt> receipts = new ArrayList<>();
        try {
            // Resolved first: an unresolvable tenant is refused before any conversation is erased.
            for (String id : privacy.requests().conversationsOf(subject)) {
                receipts.add(privacy.requests().erase(id, who.name(), reason));
            }
        } catch (RecordNotFoundException e) {
            throw new ApiException(404, "not_found", e.getMessage() + receiptsSoFar(receipts));
        } catch (LegalHoldException e) {
            throw new ApiException(409, "legal_hold", e.getMessage() + receiptsSoFar(receipts));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        receipts.forEach(r -> out.add(r.toJson()));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("receipts", out)
                .add("publicKey", privacy.applianceKey().publicKeyPem()).build());
    }

    private static String receiptsSoFar(List<ErasureReceipt> receipts) {
        return receipts.isEmpty() ? " (nothing was erased)"
                : " (" + receipts.size() + " conversation(s) before it were erased; see the audit log)";
    }

    private void holds(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        JsonArrayBuilder holds = Json.createArrayBuilder();
        for (LegalHolds.Hold h : privacy.requests().holds()) {
            holds.add(Json.createObjectBuilder().add("conversationId", h.conversationId()).add("reason", h.reason())
                    .add("conversationStarted", h.conversationStarted().toString()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("holds", holds).build());
    }

    private void placeHold(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        String reason = reason(body.getOrDefault("reason", JsonValue.NULL));
        String id = req.path().pathParameters().get("id");
        try {
            privacy.requests().placeHold(id, reason, who.name());
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("conversationId", id).add("legalHold", true)
                .build());
    }

    private void releaseHold(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        String id = req.path().pathParameters().get("id");
        try {
            privacy.requests().releaseHold(id, who.name());
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("conversationId", id).add("legalHold", false)
                .build());
    }

    /** A staff read of one conversation: needs {@code ?reason=}, audited with it. */
    private void readConversation(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN, Role.AGENT);
        String reason = reason(req.query().first("reason").map(Json::createValue).map(v -> (JsonValue) v)
                .orElse(JsonValue.NULL));
        String id = req.path().pathParameters().get("id");
        try {
            JsonObject export = privacy.requests().read(id, who.name(), reason);
            JsonResponses.send(res, 200, export);
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private void notice(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR, Role.AGENT);
        JsonArrayBuilder history = Json.createArrayBuilder();
        for (PrivacyNotices.Notice n : privacy.notices().history()) {
            history.add(noticeJson(n));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("current", noticeJson(privacy.notices().current()))
                .add("history", history).build());
    }

    private void publishNotice(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        try {
            PrivacyNotices.Notice notice = privacy.notices().publish(JsonRequests.requiredString(body, "text"),
                    who.name());
            JsonResponses.send(res, 200, noticeJson(notice).build());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void publicKey(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR, Role.AGENT);
        JsonResponses.send(res, 200, publicKeyJson(privacy.applianceKey()));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = AdminAuth.require(req, Role.ADMIN);
        KeyRing.Rotation rotation = privacy.rotateKek(who.name());
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("fromVersion", rotation.fromVersion())
                .add("toVersion", rotation.toVersion())
                .add("rewrapped", rotation.rewrapped())
                .add("kekVersionsDropped", rotation.kekVersionsDropped())
                .build());
    }

    /** Tries the redactor on a text (the console's redaction tester); nothing is stored or logged. */
    private void redact(ServerRequest req, ServerResponse res) {
        AdminAuth.require(req, Role.ADMIN, Role.AUDITOR);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        Redactor.Result result = privacy.redactor().redact(JsonRequests.requiredString(body, "text"));
        JsonObjectBuilder counts = Json.createObjectBuilder();
        result.counts().forEach((type, n) -> counts.add(type.name().toLowerCase(java.util.Locale.ROOT), n));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("text", result.text()).add("redacted", counts)
                .build());
    }

    static JsonObject publicKeyJson(ApplianceKey key) {
        return Json.createObjectBuilder()
                .add("algorithm", ApplianceKey.ALGORITHM)
                .add("keyId", key.keyId())
                .add("publicKey", key.publicKeyPem())
                .build();
    }

    static JsonObjectBuilder noticeJson(PrivacyNotices.Notice n) {
        return Json.createObjectBuilder()
                .add("version", n.version())
                .add("text", n.text())
                .add("publishedAt", n.publishedAt().toString());
    }

    private JsonObject retentionJson() {
        Retention.Preview preview = privacy.retention().preview();
        JsonArrayBuilder classes = Json.createArrayBuilder();
        for (Retention.ClassPreview c : preview.classes()) {
            classes.add(Json.createObjectBuilder()
                    .add("dataClass", c.dataClass().id())
                    .add("label", c.dataClass().label())
                    .add("days", c.days())
                    .add("minDays", c.dataClass().minDays())
                    .add("maxDays", DataClass.MAX_DAYS)
                    .add("enforced", c.enforced())
                    .add("dueAtNextRun", c.dueAtNextRun()));
        }
        return Json.createObjectBuilder().add("nextRun", preview.nextRun().toString()).add("policy", classes).build();
    }

    private static long wholeDays(String name, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw new IllegalArgumentException("\"" + DataSubjectRequests.safeId(name)
                    + "\" must be a whole number of days");
        }
        try {
            return ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + DataSubjectRequests.safeId(name) + "\" is out of range");
        }
    }

    private DataSubjectRequests.Subject subject(JsonObject body) {
        List<String> ids = new ArrayList<>();
        JsonValue value = body.get("conversationIds");
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            if (value.getValueType() != JsonValue.ValueType.ARRAY) {
                throw ApiException.badRequest("\"conversationIds\" must be an array of ids");
            }
            for (JsonValue id : (JsonArray) value) {
                if (id.getValueType() != JsonValue.ValueType.STRING || ((JsonString) id).getString().isBlank()) {
                    throw ApiException.badRequest("\"conversationIds\" must be an array of ids");
                }
                ids.add(((JsonString) id).getString().strip());
            }
        }
        try {
            return new DataSubjectRequests.Subject(ids, JsonRequests.optionalString(body, "tenantId").orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private String reason(JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.badRequest("state a reason (\"reason\"): reads and changes of tenant data are"
                    + " audited with it");
        }
        try {
            return privacy.statedReason(((JsonString) value).getString());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
