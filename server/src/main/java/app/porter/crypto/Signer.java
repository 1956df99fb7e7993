package app.porter.crypto;

/**
 * Signs audit checkpoints. Implemented by the appliance's Ed25519 key ({@link ApplianceKey}); the audit log only needs
 * these three operations, so it does not depend on how the key is kept.
 */
public interface Signer {

    byte[] sign(byte[] data);

    boolean verify(byte[] data, byte[] signature);

    /** Names the key, so a verifier knows which public key to use. */
    String keyId();
}
