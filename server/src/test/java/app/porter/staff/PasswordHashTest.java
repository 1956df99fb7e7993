package app.porter.staff;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argon2id password hashes: verify, salt, and the cost, measured. */
class PasswordHashTest {

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = PasswordHash.DEFAULT.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$argon2id$v=19$m=32768,t=3,p=1$"), hash);
        assertTrue(PasswordHash.verify("correct horse battery staple", hash));
        assertFalse(PasswordHash.verify("correct horse battery stapl", hash));
        assertFalse(PasswordHash.verify("", hash));
        assertNotEquals(hash, PasswordHash.DEFAULT.hash("correct horse battery staple"), "a fresh salt each time");
    }

    @Test
    void aHashKeepsTheCostItWasMadeWith() {
        String cheap = new PasswordHash(8 * 1024, 1, 1).hash("a password of some length");
        assertTrue(PasswordHash.verify("a password of some length", cheap), "verified with its own parameters");
    }

    @Test
    void takesWellUnderASecond() {
        String hash = PasswordHash.DEFAULT.hash("warm up the generator once");
        int runs = 5;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            PasswordHash.verify("warm up the generator once", hash);
        }
        long millis = (System.nanoTime() - start) / 1_000_000 / runs;
        System.out.println("Argon2id 32 MiB, t=3, p=1: " + millis + " ms per verify");
        assertTrue(millis < 1000, millis + " ms");
    }
}
