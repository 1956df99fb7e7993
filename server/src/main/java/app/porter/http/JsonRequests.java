package app.porter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import app.porter.json.BoundedJson;

/**
 * Reads a JSON object request body with the checks every endpoint wants: JSON content type (else 415), a size
 * limit (else 413, without buffering more than the limit), well-formed JSON object nested no deeper than
 * {@link BoundedJson#MAX_DEPTH} (else 400).
 */
public final class JsonRequests {

    private JsonRequests() {
    }

    public static JsonObject readObject(ServerRequest req, int maxBytes) {
        Optional<HttpMediaType> type = req.headers().contentType();
        if (type.isEmpty() || !type.get().test(MediaTypes.APPLICATION_JSON)) {
            throw ApiException.unsupportedMediaType("send the body as application/json");
        }
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw ApiException.payloadTooLarge("request body is over the " + maxBytes + "-byte limit");
        }
        byte[] body = readAtMost(req, maxBytes);
        JsonValue value;
        try {
            value = BoundedJson.read(body, maxBytes);
        } catch (BoundedJson.JsonTooDeep e) {
            throw ApiException.badRequest("the JSON body is nested deeper than " + BoundedJson.MAX_DEPTH + " levels");
        } catch (JsonException e) {
            // The parser's message can quote the body; say only where it failed.
            throw ApiException.badRequest("malformed JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return value.asJsonObject();
    }

    /** A string field, or empty when absent or null; 400 when present with another type. */
    public static Optional<String> optionalString(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return Optional.of(((JsonString) value).getString());
    }

    public static String requiredString(JsonObject object, String field) {
        return optionalString(object, field)
                .orElseThrow(() -> ApiException.badRequest("\"" + field + "\" is required"));
    }

    private static byte[] readAtMost(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("a JSON body is required");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw ApiException.payloadTooLarge("request body is over the " + maxBytes + "-byte limit");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
