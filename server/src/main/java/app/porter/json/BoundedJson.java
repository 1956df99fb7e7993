package app.porter.json;

import java.io.ByteArrayInputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/**
 * The one way Porter reads JSON that comes from outside (request bodies, uploaded documents): a size and a nesting
 * bound checked before a tree is built.
 *
 * <p>WHY: Parsson's own bound (1000 levels) throws a bare {@code RuntimeException}, which nothing can tell from a
 * bug, so a hostile body became a 500 with a SEVERE log line. Here a streaming pass counts the nesting first (no
 * recursion, nothing built) and refuses past {@link #MAX_DEPTH} with {@link JsonTooDeep}, a {@link JsonException}
 * like every other malformed input. Only then does the reader build the value, well inside Parsson's bound. No
 * legitimate body or property file of ours comes near 64 levels.
 */
public final class BoundedJson {

    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;

    private static final Logger LOG = System.getLogger(BoundedJson.class.getName());
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private BoundedJson() {
    }

    /** Too much nesting: refused before anything was built. */
    public static final class JsonTooDeep extends JsonException {
        JsonTooDeep() {
            super("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Too many bytes: refused before anything was read. */
    public static final class JsonTooLarge extends JsonException {
        JsonTooLarge(long maxBytes) {
            super("JSON over the " + maxBytes + "-byte limit");
        }
    }

    /**
     * The JSON value in {@code bytes}.
     *
     * @throws JsonTooLarge over {@code maxBytes}
     * @throws JsonTooDeep nested deeper than {@link #MAX_DEPTH}
     * @throws JsonException (often a {@link jakarta.json.stream.JsonParsingException} with its location) when
     *                       malformed; its message may quote the input, so callers never pass it on
     */
    public static JsonValue read(byte[] bytes, long maxBytes) {
        if (bytes.length > maxBytes) {
            throw new JsonTooLarge(maxBytes);
        }
        checkDepth(bytes);
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
            return reader.readValue();
        }
    }

    private static void checkDepth(byte[] bytes) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(bytes))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            // One line, no content: a hostile input is worth noting, not worth an alarm.
                            LOG.log(Level.INFO, "refused JSON nested deeper than " + MAX_DEPTH + " levels");
                            throw new JsonTooDeep();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        // scalars and keys do not nest
                    }
                }
            }
        }
    }
}
