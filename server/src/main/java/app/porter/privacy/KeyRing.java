package app.porter.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The key hierarchy: a master key in a key file kept outside the database → a key-encryption key (KEK) derived
 * from it with HKDF-SHA256 → one random data key per conversation, stored only wrapped (encrypted) by the KEK.
 * Destroying a conversation's wrapped data key makes its messages unreadable for good (crypto-shredding).
 *
 * <p>The key file is created on first start with owner-only permissions (0600). Losing it loses every
 * conversation; the README says to back it up separately from the database.
 */
public final class KeyRing {

    /** Bumped when the KEK derivation changes; stored beside each wrapped key so old ones stay readable. */
    public static final int KEK_VERSION = 1;
    private static final byte[] KEK_INFO = "porter/kek/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] keyEncryptionKey;

    private KeyRing(byte[] keyEncryptionKey) {
        this.keyEncryptionKey = keyEncryptionKey;
    }

    /** Loads the key file, creating it (0600) if it does not exist yet. */
    public static KeyRing openOrCreate(Path keyFile) throws IOException {
        byte[] master = Files.exists(keyFile) ? readKeyFile(keyFile) : createKeyFile(keyFile);
        try {
            return new KeyRing(deriveKek(master));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** Wraps a conversation's data key; the conversation id is bound in as associated data. */
    public byte[] wrap(byte[] dataKey, String conversationId) {
        return Aead.encrypt(keyEncryptionKey, dataKey, associatedData(conversationId));
    }

    public byte[] unwrap(byte[] wrappedKey, String conversationId) {
        return Aead.decrypt(keyEncryptionKey, wrappedKey, associatedData(conversationId));
    }

    private static byte[] associatedData(String conversationId) {
        return ("dek:" + conversationId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deriveKek(byte[] master) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(master, null, KEK_INFO));
        byte[] kek = new byte[Aead.KEY_BYTES];
        hkdf.generateBytes(kek, 0, kek.length);
        return kek;
    }

    private static byte[] readKeyFile(Path keyFile) throws IOException {
        String text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        byte[] master;
        try {
            master = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + keyFile + " is not valid base64");
        }
        if (master.length != Aead.KEY_BYTES) {
            throw new IOException("key file " + keyFile + " must hold a 32-byte key");
        }
        return master;
    }

    private static byte[] createKeyFile(Path keyFile) throws IOException {
        byte[] master = Aead.newKey();
        SecretFiles.createOwnerOnly(keyFile, Base64.getEncoder().encode(master));
        return master;
    }
}
