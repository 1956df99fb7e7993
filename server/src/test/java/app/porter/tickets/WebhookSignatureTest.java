package app.porter.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import app.porter.net.LoopbackOnly;

/** The signature a receiver checks, against the value the README's openssl one-liner prints for the same input. */
@ExtendWith(LoopbackOnly.class) // issue 13: nothing here may talk to anything but loopback
class WebhookSignatureTest {

    static final byte[] SECRET = "a-long-webhook-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"event\":\"ticket.created\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
    static final long AT = 1767225600L;

    @Test
    void matchesOpensslOverTimestampDotBody() {
        // printf '%s.' 1767225600 | cat - body.json | openssl dgst -sha256 -hmac a-long-webhook-secret-0123456789 -r
        assertEquals("sha256=d5479d44aa5b46e87eb2ca11093ba5aecf81f8345b106a0a008714d82833de10",
                WebhookSignature.sign(SECRET, AT, BODY));
    }

    @Test
    void verifiesOnlyTheSameBodyTimestampAndSecretWithinTheWindow() {
        String signature = WebhookSignature.sign(SECRET, AT, BODY);
        Instant now = Instant.ofEpochSecond(AT + 30);
        Duration window = Duration.ofMinutes(5);
        assertTrue(WebhookSignature.verify(SECRET, Long.toString(AT), signature, BODY, now, window));
        byte[] changed = "{\"event\":\"ticket.created\",\"x\":2}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(SECRET, Long.toString(AT), signature, changed, now, window));
        assertFalse(WebhookSignature.verify(SECRET, Long.toString(AT + 1), signature, BODY, now, window),
                "the timestamp is signed too");
        assertFalse(WebhookSignature.verify(SECRET, Long.toString(AT), signature, BODY,
                Instant.ofEpochSecond(AT + 3600), window), "a replay an hour later");
        assertFalse(WebhookSignature.verify(SECRET, Long.toString(AT), "sha256=zz", BODY, now, window));
        assertFalse(WebhookSignature.verify(SECRET, null, signature, BODY, now, window));
    }
}
