package app.porter.privacy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import app.porter.crypto.ApplianceKey;

/**
 * A signed statement that a conversation was erased. {@code payload} is JSON text and exactly its UTF-8 bytes are
 * signed, so a verifier needs no canonical JSON: take the string, check the Ed25519 signature with the appliance's
 * public key, then read it. Offline, with OpenSSL:
 *
 * <pre>
 * jq -j .payload receipt.json &gt; payload; jq -r .signature receipt.json | base64 -d &gt; sig
 * openssl pkeyutl -verify -pubin -inkey porter-public.pem -rawin -in payload -sigfile sig
 * </pre>
 */
public record ErasureReceipt(String payload, String signature, String keyId) {

    public static final String TYPE = "porter.erasure-receipt/v1";

    /** Signs a receipt for an erasure just done. */
    static ErasureReceipt sign(ApplianceKey key, String conversationId, Instant erasedAt, int messages,
                               String requestedBy, long auditSeq) {
        String payload = Json.createObjectBuilder()
                .add("type", TYPE)
                .add("conversationId", conversationId)
                .add("erasedAt", erasedAt.toString())
                .add("messagesDestroyed", messages)
                .add("method", "crypto-shred: the conversation's AES-256 data key was destroyed, then its rows"
                        + " deleted with secure_delete")
                .add("requestedBy", requestedBy)
                .add("auditSeq", auditSeq)
                .add("keyId", key.keyId())
                .build().toString();
        byte[] signature = key.sign(payload.getBytes(StandardCharsets.UTF_8));
        return new ErasureReceipt(payload, Base64.getEncoder().encodeToString(signature), key.keyId());
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("payload", payload)
                .add("signature", signature)
                .add("algorithm", ApplianceKey.ALGORITHM)
                .add("keyId", keyId)
                .build();
    }

    /** The signed content, parsed. Only meaningful once {@link #verify} said yes. */
    public JsonObject content() {
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    /** Checks a receipt as received (its JSON) with the appliance's public key alone. */
    public static boolean verify(JsonObject receipt, PublicKey publicKey) {
        try {
            byte[] signature = Base64.getDecoder().decode(receipt.getString("signature"));
            return ApplianceKey.verify(publicKey, receipt.getString("payload").getBytes(StandardCharsets.UTF_8),
                    signature);
        } catch (RuntimeException e) {
            return false; // missing fields or bad base64: not a valid receipt
        }
    }
}
