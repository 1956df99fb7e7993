package app.porter.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import app.porter.dataset.DatasetExport;
import app.porter.dataset.DatasetRequest;
import app.porter.errors.InvalidInput;
import app.porter.http.JsonRequests;

/**
 * The training-dataset export on the admin socket, {@code POST /api/admin/v1/dataset/export}: admins only,
 * audited with the stated reason; answers a zip of {@code train.jsonl}, {@code validation.jsonl},
 * {@code test.jsonl} and {@code report.json}.
 *
 * <pre>
 * curl -s -XPOST localhost:8082/api/admin/v1/dataset/export -H "Authorization: Bearer $TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"reason":"fine-tune Q3","from":"2026-01-01"}' -o dataset.zip
 * </pre>
 */
public final class DatasetHttpService implements HttpService {

    private static final int MAX_BODY = 4096;

    private final DatasetExport export;

    public DatasetHttpService(DatasetExport export) {
        this.export = export;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/export", this::export);
    }

    private void export(ServerRequest req, ServerResponse res) {
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        DatasetRequest request = new DatasetRequest(date(body, "from"), date(body, "to"),
                JsonRequests.optionalString(body, "propertyId").orElse(null), seed(body),
                JsonRequests.optionalString(body, "reason").orElse(null));
        DatasetExport.Export built = export.export(AdminAuth.actor(req), request);
        res.header(HeaderNames.CONTENT_TYPE, "application/zip");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"porter-dataset.zip\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (OutputStream out = res.outputStream()) {
            DatasetExport.writeZip(built, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalDate date(JsonObject body, String field) {
        try {
            return JsonRequests.optionalString(body, field).map(LocalDate::parse).orElse(null);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("'" + field + "' must be a date like 2026-03-01");
        }
    }

    private static long seed(JsonObject body) {
        JsonValue seed = body.get("seed");
        if (seed == null || seed == JsonValue.NULL) {
            return DatasetRequest.DEFAULT_SEED;
        }
        if (!(seed instanceof JsonNumber number) || !number.isIntegral()) {
            throw new InvalidInput("'seed' must be a whole number");
        }
        return number.longValue();
    }
}
