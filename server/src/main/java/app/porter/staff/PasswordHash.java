package app.porter.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (BouncyCastle; the JDK has none) in the PHC string form
 * {@code $argon2id$v=19$m=32768,t=3,p=1$<salt>$<hash>}. A hash keeps the cost it was made with, so the cost can be
 * raised later without locking anybody out.
 *
 * @param memoryKiB   memory per hash; also what each guess costs an attacker holding a copy of the database
 * @param iterations  passes over that memory
 * @param parallelism lanes
 */
public record PasswordHash(int memoryKiB, int iterations, int parallelism) {

    /**
     * 32 MiB, 3 passes, 1 lane: 77 ms per sign-in on the idle 2-core reference machine, under 0.3 s with other
     * builds sharing it ({@code PasswordHashTest} measures it), and a few concurrent sign-ins stay small in memory. Above OWASP's
     * minimum for Argon2id (19 MiB, 2 passes).
     */
    public static final PasswordHash DEFAULT = new PasswordHash(32 * 1024, 3, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        if (memoryKiB < 8 * 1024 || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id needs at least 8 MiB, one pass and one lane");
        }
    }

    /** A new hash of {@code password} under a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2id(password, salt, this, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code encoded} was made from, with the parameters {@code encoded} names. */
    public static boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            throw new IllegalArgumentException("not an Argon2id PHC string");
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String parameter : parts[3].split(",")) {
            int value = Integer.parseInt(parameter.substring(2));
            switch (parameter.charAt(0)) {
                case 'm' -> m = value;
                case 't' -> t = value;
                case 'p' -> p = value;
                default -> throw new IllegalArgumentException("unknown Argon2 parameter");
            }
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[5]);
        byte[] actual = argon2id(password, b64.decode(parts[4]), new PasswordHash(m, t, p), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2id(String password, byte[] salt, PasswordHash cost, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
