package app.porter.gaps;

import java.time.Instant;

/**
 * One question Porter could not answer well, as staff see it: the redacted example, never the tenant's own text.
 *
 * @param reason {@code dont-know}, {@code low-confidence} or {@code thumbs-down}
 * @param example the question with personal details replaced ("[PHONE]")
 * @param vector the question's embedding (unit length), what gaps are grouped by
 */
public record Gap(String id, String propertyId, String conversationId, String reason, Instant createdAt,
                  String example, float[] vector) {
}
