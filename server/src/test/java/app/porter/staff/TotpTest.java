package app.porter.staff;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6238's own test vectors, the ±1 step window and refusal of a code already used. */
class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("12345678901234567890123456789012345678901234567890123456789012"
            + "34").getBytes(StandardCharsets.US_ASCII);
    private static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};

    @Test
    void rfc6238AppendixBVectors() {
        String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        String[] sha512 = {"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"};
        for (int i = 0; i < TIMES.length; i++) {
            long step = Totp.step(Instant.ofEpochSecond(TIMES[i]));
            assertEquals(sha1[i], Totp.code(SHA1_SEED, step, 8, "HmacSHA1"), "SHA-1 at " + TIMES[i]);
            assertEquals(sha256[i], Totp.code(SHA256_SEED, step, 8, "HmacSHA256"), "SHA-256 at " + TIMES[i]);
            assertEquals(sha512[i], Totp.code(SHA512_SEED, step, 8, "HmacSHA512"), "SHA-512 at " + TIMES[i]);
        }
        // The six digits apps show are the last six of the same value.
        assertEquals("287082", Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(59))));
    }

    @Test
    void acceptsOneStepEitherSideAndNothingFurther() {
        Instant now = Instant.ofEpochSecond(1234567890L);
        long step = Totp.step(now);
        for (long s = step - 1; s <= step + 1; s++) {
            assertEquals(s, Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, s), now, 0).orElseThrow());
        }
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 2), now, 0).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 2), now, 0).isEmpty());
        assertTrue(Totp.match(SHA1_SEED, "12345", now, 0).isEmpty(), "six digits or nothing");
        assertTrue(Totp.match(SHA1_SEED, null, now, 0).isEmpty());
    }

    @Test
    void aCodeIsUsedOnce() {
        Instant now = Instant.ofEpochSecond(1234567890L);
        long step = Totp.step(now);
        String code = Totp.code(SHA1_SEED, step);
        assertTrue(Totp.match(SHA1_SEED, code, now, step).isEmpty(), "the step already used");
        assertTrue(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), now, step).isEmpty(), "an older one");
        assertEquals(step + 1, Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 1), now, step).orElseThrow());
    }

    @Test
    void base32AsRfc4648AndTheEnrolmentUri() {
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(SHA1_SEED));
        byte[] secret = Totp.newSecret();
        assertArrayEquals(secret, Totp.fromBase32(Totp.base32(secret)));
        assertEquals("otpauth://totp/Porter:alex%20kim?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Porter"
                + "&algorithm=SHA1&digits=6&period=30", Totp.uri("Porter", "alex kim", SHA1_SEED));
    }
}
