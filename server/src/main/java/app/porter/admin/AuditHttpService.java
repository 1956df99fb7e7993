package app.porter.admin;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.admin.AdminAuth;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.http.ApiException;
import app.porter.http.JsonResponses;

/**
 * The audit log on the admin socket, {@code /api/admin/v1/audit}, for admins and auditors ({@link AuditLog} checks
 * the role and audits verifying and exporting).
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/audit?from=2026-01-01&amp;to=2026-02-01&amp;actor=bootstrap&amp;action=dsr.' -H "Authorization: Bearer $TOKEN"
 * curl -s localhost:8082/api/admin/v1/audit/verify -H "Authorization: Bearer $TOKEN"
 * curl -s localhost:8082/api/admin/v1/audit/export -H "Authorization: Bearer $TOKEN" &gt; audit.jsonl
 * </pre>
 */
public final class AuditHttpService implements HttpService {

    private static final int DEFAULT_LIMIT = 200;

    private final AuditLog audit;

    public AuditHttpService(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/verify", this::verify)
                .get("/export", this::export);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonArrayBuilder entries = Json.createArrayBuilder();
        for (AuditEntry e : audit.query(actor, query(req))) {
            entries.add(json(e));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("entries", entries).build());
    }

    private void verify(ServerRequest req, ServerResponse res) {
        AuditLog.Verification result = audit.verify(AdminAuth.actor(req));
        JsonObjectBuilder body = Json.createObjectBuilder().add("ok", result.ok()).add("entries", result.entries());
        result.brokenAt().ifPresent(b -> body.add("brokenAt",
                Json.createObjectBuilder().add("seq", b.seq()).add("reason", b.reason())));
        JsonResponses.send(res, 200, body.build());
    }

    private void export(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        Instant from = instant(req, "from", false);
        Instant to = instant(req, "to", true);
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"porter-audit.jsonl\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (Writer out = new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8)) {
            audit.exportJsonl(actor, out, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObjectBuilder json(AuditEntry e) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("seq", e.seq())
                .add("at", e.at().toString())
                .add("actor", e.actor())
                .add("action", e.action())
                .add("target", e.target());
        if (e.detail() != null) {
            json.add("detail", e.detail());
        }
        return json.add("prevHash", e.prevHash()).add("hash", e.hash());
    }

    private static AuditLog.Query query(ServerRequest req) {
        int limit;
        try {
            limit = Integer.parseInt(req.query().first("limit").orElse(String.valueOf(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"limit\" must be a number");
        }
        return new AuditLog.Query(instant(req, "from", false), instant(req, "to", true),
                req.query().first("actor").orElse(null), req.query().first("action").orElse(null), limit);
    }

    /** An ISO instant, or a date (the start of that day in UTC; for {@code to}, the start of the next day). */
    static Instant instant(ServerRequest req, String name, boolean endOfDay) {
        String value = req.query().first(name).orElse("").strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("\"" + name + "\" must be a date (2026-01-31) or an instant"
                    + " (2026-01-31T09:00:00Z)");
        }
    }
}
