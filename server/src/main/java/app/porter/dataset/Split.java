package app.porter.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Train, validation or test: decided per conversation by a seeded hash of its id, so every record of a
 * conversation lands in the same split, the same seed gives the same splits on every run, and a new conversation
 * does not move the old ones. 80 / 10 / 10.
 */
enum Split {
    TRAIN("train"), VALIDATION("validation"), TEST("test");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static Split of(long seed, String conversationId) {
        double at = unit(seed, conversationId);
        return at < 0.8 ? TRAIN : at < 0.9 ? VALIDATION : TEST;
    }

    /** A pseudonymous id for the record: the conversation's real id is not in the export. */
    static String recordId(long seed, String conversationId) {
        return "c-" + java.util.HexFormat.of().formatHex(digest(seed, conversationId), 0, 8);
    }

    private static double unit(long seed, String conversationId) {
        long bits = ByteBuffer.wrap(digest(seed, "split/" + conversationId)).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }

    private static byte[] digest(long seed, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return sha.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
