package app.porter.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import app.porter.crypto.Signer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import app.porter.store.Database;

/**
 * The appliance's Ed25519 key (the JDK's own provider): it signs audit checkpoints and erasure receipts. The
 * private key is stored only sealed under the master key; the public key is published
 * ({@code GET /api/admin/v1/keys/public}, {@code GET /api/v1/keys/public}) so anyone can check a signature
 * offline, e.g. with {@code openssl pkeyutl -verify -pubin -inkey porter.pub -rawin}.
 */
public final class ApplianceKey implements Signer {

    public static final String ALGORITHM = "Ed25519";

    private final String keyId;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private ApplianceKey(String keyId, PublicKey publicKey, PrivateKey privateKey) {
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** Loads the appliance key, generating it on first start. */
    public static ApplianceKey openOrCreate(Database database, KeyRing keys, Clock clock) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, public_key, wrapped_private FROM signing_keys WHERE algorithm = ?"
                            + " ORDER BY created_at DESC LIMIT 1")) {
                query.setString(1, ALGORITHM);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        String id = row.getString(1);
                        byte[] pkcs8 = keys.openWithMaster(row.getBytes(3), aad(id));
                        try {
                            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
                            return new ApplianceKey(id,
                                    factory.generatePublic(new X509EncodedKeySpec(row.getBytes(2))),
                                    factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("stored signing key is unreadable", e);
                        } finally {
                            Arrays.fill(pkcs8, (byte) 0);
                        }
                    }
                }
            }
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 unavailable", e);
            }
            String id = keyIdOf(pair.getPublic());
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_keys"
                    + " (id, algorithm, public_key, wrapped_private, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, ALGORITHM);
                insert.setBytes(3, pair.getPublic().getEncoded());
                insert.setBytes(4, keys.sealWithMaster(pkcs8, aad(id)));
                insert.setString(5, clock.instant().toString());
                insert.executeUpdate();
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
            return new ApplianceKey(id, pair.getPublic(), pair.getPrivate());
        });
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return verify(publicKey, data, signature);
    }

    @Override
    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as the admin and tenant APIs publish it: {@code {"algorithm", "keyId", "publicKey"}}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("algorithm", ALGORITHM)
                .add("keyId", keyId())
                .add("publicKey", publicKeyPem())
                .build();
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return toPem(publicKey);
    }

    public static String toPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a PEM or bare base64 X.509 Ed25519 public key. */
    public static PublicKey parsePublicKey(String pemOrBase64) {
        String base64 = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    /** Checks an Ed25519 signature with a public key alone: what an offline verifier does. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }

    /** The first 16 hex digits of the SHA-256 of the public key's encoding. */
    public static String keyIdOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String aad(String id) {
        return "signing-key:" + id;
    }

    @Override
    public String toString() {
        return "ApplianceKey[" + ALGORITHM + " " + keyId + "]";
    }
}
