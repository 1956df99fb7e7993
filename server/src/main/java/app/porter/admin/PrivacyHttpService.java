package app.porter.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.admin.AdminAuth;
import app.porter.crypto.KeyRing;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.privacy.DataClass;
import app.porter.privacy.DataSubjectRequests;
import app.porter.privacy.ErasureReceipt;
import app.porter.privacy.LegalHolds;
import app.porter.privacy.PrivacyNotices;
import app.porter.privacy.PrivacyServices;
import app.porter.privacy.Redactor;
import app.porter.privacy.Retention;

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
public final class PrivacyHttpService implements HttpService {

    private static final int MAX_BODY = 64 * 1024;

    private final PrivacyServices privacy;

    public PrivacyHttpService(PrivacyServices privacy) {
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
        AdminAuth.actor(req).require("reading the retention policy", Role.ADMIN, Role.AUDITOR);
        JsonResponses.send(res, 200, retentionJson());
    }

    /** Body: {@code {"conversations": 90, "feedback": 180}}: classes not named keep their setting. */
    private void updateRetention(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        if (body.containsKey("policy") && body.get("policy").getValueType() == JsonValue.ValueType.OBJECT) {
            body = body.getJsonObject("policy");
        }
        Map<String, Long> changes = new LinkedHashMap<>();
        body.forEach((dataClass, days) -> changes.put(dataClass, wholeDays(dataClass, days)));
        privacy.retention().update(actor, changes);
        JsonResponses.send(res, 200, retentionJson());
    }

    private void previewRetention(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the retention policy", Role.ADMIN, Role.AUDITOR);
        DataClass dataClass = DataClass.fromId(req.query().first("dataClass").orElse("conversations"));
        long days;
        try {
            days = Long.parseLong(req.query().first("days").orElse(
                    String.valueOf(privacy.retention().policy().get(dataClass))));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"days\" must be a whole number");
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("dataClass", dataClass.id())
                .add("days", days)
                .add("nextRun", privacy.retention().nextRun().toString())
                .add("dueAtNextRun", privacy.retention().previewWith(dataClass, days))
                .build());
    }

    private void purge(ServerRequest req, ServerResponse res) {
        Retention.Run run = privacy.retention().purgeNow(AdminAuth.actor(req));
        JsonObjectBuilder purged = Json.createObjectBuilder();
        run.purged().forEach((c, n) -> purged.add(c.id(), n));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("at", run.at().toString())
                .add("purged", purged).build());
    }

    private void export(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        JsonResponses.send(res, 200, privacy.requests().export(actor, subject(body), reason(body.get("reason"))));
    }

    private void erase(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        List<ErasureReceipt> receipts = privacy.requests().erase(actor, subject(body), reason(body.get("reason")));
        JsonArrayBuilder out = Json.createArrayBuilder();
        receipts.forEach(r -> out.add(r.toJson()));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("receipts", out)
                .add("publicKey", privacy.applianceKey().publicKeyPem()).build());
    }

    private void holds(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder holds = Json.createArrayBuilder();
        for (LegalHolds.Hold h : privacy.requests().holds(AdminAuth.actor(req))) {
            holds.add(Json.createObjectBuilder().add("conversationId", h.conversationId()).add("reason", h.reason())
                    .add("conversationStarted", h.conversationStarted().toString()));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("holds", holds).build());
    }

    private void placeHold(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        String id = req.path().pathParameters().get("id");
        privacy.requests().placeHold(actor, id, reason(body.get("reason")));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("conversationId", id).add("legalHold", true)
                .build());
    }

    private void releaseHold(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        privacy.requests().releaseHold(AdminAuth.actor(req), id);
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("conversationId", id).add("legalHold", false)
                .build());
    }

    /** A staff read of one conversation: needs {@code ?reason=}, audited with it. */
    private void readConversation(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        String reason = reason(req.query().first("reason").map(Json::createValue).orElse(null));
        JsonResponses.send(res, 200, privacy.requests().read(actor, req.path().pathParameters().get("id"), reason));
    }

    private void notice(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the privacy notice", Role.ADMIN, Role.AUDITOR, Role.AGENT);
        JsonArrayBuilder history = Json.createArrayBuilder();
        for (PrivacyNotices.Notice n : privacy.notices().history()) {
            history.add(PrivacyNotices.json(n));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("current", PrivacyNotices.json(privacy.notices().current()))
                .add("history", history).build());
    }

    private void publishNotice(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        PrivacyNotices.Notice notice = privacy.notices().publish(actor, JsonRequests.requiredString(body, "text"));
        JsonResponses.send(res, 200, PrivacyNotices.json(notice).build());
    }

    private void publicKey(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the public key", Role.ADMIN, Role.AUDITOR, Role.AGENT);
        JsonResponses.send(res, 200, privacy.applianceKey().toJson());
    }

    /**
     * Needs {@code {"confirm": true}}: a rotation cannot be undone, so a stray or malformed request (an empty POST
     * from a script, a wrong body) must rotate nothing.
     */
    private void rotate(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        actor.require("rotating keys", Role.ADMIN); // a 403 before any hint about the body
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        if (body.get("confirm") != JsonValue.TRUE) {
            throw ApiException.badRequest("send {\"confirm\": true} to rotate the key-encryption key");
        }
        KeyRing.Rotation rotation = privacy.rotateKek(actor);
        JsonResponses.send(res, 200, Json.createObjectBuilder()
                .add("fromVersion", rotation.fromVersion())
                .add("toVersion", rotation.toVersion())
                .add("rewrapped", rotation.rewrapped())
                .add("kekVersionsDropped", rotation.kekVersionsDropped())
                .build());
    }

    /** Tries the redactor on a text (the console's redaction tester); nothing is stored or logged. */
    private void redact(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("trying the redactor", Role.ADMIN, Role.AUDITOR);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        Redactor.Result result = privacy.redactor().redact(JsonRequests.requiredString(body, "text"));
        JsonObjectBuilder counts = Json.createObjectBuilder();
        result.counts().forEach((type, n) -> counts.add(type.name().toLowerCase(Locale.ROOT), n));
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("text", result.text()).add("redacted", counts)
                .build());
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
            throw ApiException.badRequest("\"" + safeName(name) + "\" must be a whole number of days");
        }
        try {
            return ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw ApiException.badRequest("\"" + safeName(name) + "\" is out of range");
        }
    }

    /** A field name from the request, masked so request text is never echoed verbatim. */
    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
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
        return new DataSubjectRequests.Subject(ids, JsonRequests.optionalString(body, "tenantId").orElse(null));
    }

    /** The stated reason (a string; null when absent), as it goes into the audit log. */
    private String reason(JsonValue value) {
        if (value != null && value.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.badRequest("\"reason\" must be a string");
        }
        return privacy.statedReason(value == null ? null : ((JsonString) value).getString());
    }
}
