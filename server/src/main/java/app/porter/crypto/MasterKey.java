package app.porter.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The root of the key hierarchy: 32 bytes read from the key file or stretched from the operator's passphrase.
 * Nothing is encrypted with it directly; every use derives its own key with HKDF-SHA256 and a label, so the
 * key-encryption keys, the signing key and backups never share a key.
 *
 * <p>{@link #toString()} never shows the key, so a stray log line cannot leak it.
 */
public final class MasterKey implements AutoCloseable {

    private final byte[] key;

    MasterKey(byte[] key) {
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("a master key is 32 bytes");
        }
        this.key = key.clone();
    }

    /** A 32-byte key for one purpose, {@code label} naming it (e.g. {@code porter/backup/v1}). */
    public byte[] derive(String label) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key, null, label.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[Aead.KEY_BYTES];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /**
     * A public check value (HMAC-SHA256 of a fixed label) stored in the keystore header, so that start-up can tell
     * a wrong passphrase or a swapped key file from a right one before touching any data.
     */
    public byte[] verifier() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("porter/keystore-verifier/v1".getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean matches(byte[] expectedVerifier) {
        return MessageDigest.isEqual(verifier(), expectedVerifier);
    }

    /** Overwrites the key in memory. */
    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
