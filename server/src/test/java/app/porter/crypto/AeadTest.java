package app.porter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AeadTest {

    private final byte[] key = Aead.newKey();
    private final byte[] text = "the sink is leaking".getBytes(StandardCharsets.UTF_8);
    private final byte[] where = "conversation-1/message-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrips() {
        assertArrayEquals(text, Aead.decrypt(key, Aead.encrypt(key, text, where), where));
    }

    @Test
    void detectsAFlippedBit() {
        byte[] sealed = Aead.encrypt(key, text, where);
        sealed[20] ^= 1;
        assertThrows(TamperedDataException.class, () -> Aead.decrypt(key, sealed, where));
    }

    @Test
    void refusesABlobMovedToAnotherMessage() {
        byte[] sealed = Aead.encrypt(key, text, where);
        byte[] elsewhere = "conversation-1/message-2".getBytes(StandardCharsets.UTF_8);
        assertThrows(TamperedDataException.class, () -> Aead.decrypt(key, sealed, elsewhere));
    }

    @Test
    void refusesAnotherKey() {
        byte[] sealed = Aead.encrypt(key, text, where);
        assertThrows(TamperedDataException.class, () -> Aead.decrypt(Aead.newKey(), sealed, where));
    }
}
