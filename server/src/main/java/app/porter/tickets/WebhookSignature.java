package app.porter.tickets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook delivery proves it came from this appliance: an HMAC-SHA256, under a secret the firm shares with its
 * receiver, over {@code <timestamp>.<body>}. The timestamp (Unix seconds) travels in {@link #TIMESTAMP_HEADER} and is
 * signed with the body, so a receiver that refuses old timestamps also refuses a captured delivery replayed later.
 *
 * <pre>
 * X-Porter-Timestamp: 1767225600
 * X-Porter-Signature: sha256=5d1f...e9  (hex of HMAC-SHA256(secret, "1767225600." + body))
 * </pre>
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Porter-Signature";
    public static final String TIMESTAMP_HEADER = "X-Porter-Timestamp";
    /** Shortest secret accepted: 128 bits of a random hex or base64 string. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The {@link #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp} (Unix seconds). */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /**
     * What a receiver does: recompute the signature and compare in constant time, and refuse a timestamp further
     * than {@code tolerance} from {@code now}.
     */
    public static boolean verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(PREFIX)) {
            return false;
        }
        long timestamp;
        byte[] claimed;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
            claimed = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, timestamp, body), claimed);
    }

    private static byte[] mac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
