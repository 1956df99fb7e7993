package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.porter.knowledge.Scope;
import app.porter.language.Language;
import app.porter.privacy.Redactor;

/** With redact-model-input on, the tenant's personal data never enters the model's prompt. */
class ModelInputRedactionTest {

    @Test
    void questionAndHistoryAreRedactedBeforeTheyReachTheModel() {
        Redactor redactor = new Redactor("US", List.of());
        ChatMessage earlier = new ChatMessage("m1", "tenant", "Call me at (217) 555-0123 or jo@example.com", null,
                List.of(), Instant.EPOCH);
        Answerer.Question question = new Answerer.Question("My card 4111 1111 1111 1111 was charged twice for unit 4B",
                new Scope("maple-court", null), List.of(earlier), Language.EN);

        Answerer.Question seen = GenerativeAnswerer.asModelSees(question, text -> redactor.redact(text).text());

        assertFalse(seen.text().contains("4111"), seen.text());
        assertTrue(seen.text().contains("4B"), "unit numbers are not personal data: " + seen.text());
        String history = seen.history().getFirst().text();
        assertFalse(history.contains("555-0123") || history.contains("jo@example.com"), history);
        assertEquals(question.scope(), seen.scope(), "retrieval scope is unchanged");
        assertEquals(Language.EN, seen.language());
    }
}
