package app.porter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key comes from, and the plain refusals when it cannot be had. */
class KeystoreTest {

    private static final Keystore.Argon2Params ARGON2 = Keystore.Argon2Params.DEFAULT;

    @TempDir
    Path dataDir;

    @Test
    void aNewDataDirectoryGetsAKeyFileAndAHeaderThatHoldsNoSecret() throws Exception {
        byte[] derived;
        try (MasterKey master = Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2)) {
            derived = master.derive("test");
            assertEquals("MasterKey[redacted]", master.toString());
        }
        String header = Files.readString(dataDir.resolve(Keystore.HEADER_FILE));
        String key = Files.readString(dataDir.resolve(Keystore.KEY_FILE)).strip();
        assertTrue(header.contains("\"source\":\"key-file\""), header);
        assertFalse(header.contains(key), "the header never holds the key");
        try (MasterKey again = Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2)) {
            assertArrayEquals(derived, again.derive("test"), "the same key on the next start");
        }
    }

    @Test
    void aMissingKeyFileIsAClearErrorNotANewKey() throws Exception {
        Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2).close();
        Files.delete(dataDir.resolve(Keystore.KEY_FILE));
        Keystore.KeystoreException e = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2));
        assertTrue(e.getMessage().contains("porter.key is missing"), e.getMessage());
        assertFalse(Files.exists(dataDir.resolve(Keystore.KEY_FILE)), "no new key was generated over the data");
    }

    @Test
    void aMissingKeyFileBesideAnOldDatabaseIsAClearError() throws Exception {
        Files.writeString(dataDir.resolve(Keystore.DATABASE_FILE), "");
        Keystore.KeystoreException e = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aKeyFileFromAnotherInstallIsRefused() throws Exception {
        Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2).close();
        Files.writeString(dataDir.resolve(Keystore.KEY_FILE), Base64.getEncoder().encodeToString(Aead.newKey()));
        Keystore.KeystoreException e = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void aPassphraseKeystoreOpensWithTheRightPassphraseOnlyAndWritesNoKeyFile() throws Exception {
        char[] passphrase = "correct horse battery staple".toCharArray();
        long started = System.nanoTime();
        byte[] derived;
        try (MasterKey master = Keystore.openOrCreate(dataDir, Optional.of(passphrase.clone()), ARGON2)) {
            derived = master.derive("test");
        }
        long argon2Millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("Argon2id (64 MiB, t=3, p=1) key derivation: " + argon2Millis + " ms");
        assertFalse(Files.exists(dataDir.resolve(Keystore.KEY_FILE)));
        String header = Files.readString(dataDir.resolve(Keystore.HEADER_FILE));
        assertTrue(header.contains("\"algorithm\":\"argon2id\"") && header.contains("\"memoryKiB\":65536"), header);
        assertFalse(header.contains("correct horse"));

        try (MasterKey again = Keystore.openOrCreate(dataDir, Optional.of(passphrase.clone()), ARGON2)) {
            assertArrayEquals(derived, again.derive("test"));
        }
        Keystore.KeystoreException wrong = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.of("correct horse battery stapler".toCharArray()),
                        ARGON2));
        assertTrue(wrong.getMessage().startsWith("wrong passphrase"), wrong.getMessage());
        Keystore.KeystoreException none = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.empty(), ARGON2));
        assertTrue(none.getMessage().contains("PORTER_PASSPHRASE_FILE"), none.getMessage());
    }

    @Test
    void aShortPassphraseIsRefusedOnCreation() {
        Keystore.KeystoreException e = assertThrows(Keystore.KeystoreException.class,
                () -> Keystore.openOrCreate(dataDir, Optional.of("short".toCharArray()), ARGON2));
        assertTrue(e.getMessage().contains("at least 12"), e.getMessage());
    }

    @Test
    void passphraseFilesAreReadToTheFirstLineBreak() throws Exception {
        Path file = dataDir.resolve("pass");
        Files.writeString(file, "my long passphrase\r\nignored", StandardCharsets.UTF_8);
        assertEquals("my long passphrase", new String(Keystore.readPassphraseFile(file)));
        assertThrows(Keystore.KeystoreException.class, () -> Keystore.readPassphraseFile(dataDir.resolve("none")));
    }
}
