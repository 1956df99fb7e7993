package app.porter.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;

/**
 * Sealing under a conversation's data key for what other features keep of a tenant's text, pinned to
 * {@code <conversation id>/<kind>/<id>}: shredded with the conversation, like its messages.
 */
final class Seals {

    private final KeyRing keys;

    Seals(KeyRing keys) {
        this.keys = keys;
    }

    byte[] seal(Conversation conversation, String label, byte[] plain) {
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        try {
            return Aead.encrypt(dataKey, plain, sealedData(conversation, label));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    byte[] unseal(Conversation conversation, String label, byte[] sealed) {
        byte[] dataKey = keys.unwrap(conversation.kekVersion(), conversation.wrappedKey(), conversation.id());
        try {
            return Aead.decrypt(dataKey, sealed, sealedData(conversation, label));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] sealedData(Conversation conversation, String label) {
        if (label.isEmpty() || !label.contains("/")) {
            // Messages are sealed under "<conversation>/<message id>": a label names its kind first, so the two
            // can never be swapped for each other.
            throw new IllegalArgumentException("a sealed label is <kind>/<id>");
        }
        return (conversation.id() + "/" + label).getBytes(StandardCharsets.UTF_8);
    }
}
