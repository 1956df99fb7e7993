package app.porter.chat;

import java.util.List;

import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;
import app.porter.language.Language;

/**
 * Produces the reply to a tenant's question, streaming its text to {@code sink} while it is produced.
 * {@code scope} is the conversation's property and unit: an answerer draws only on passages visible there.
 */
@FunctionalInterface
public interface Answerer {

    Answer answer(String question, Scope scope, TokenSink sink);

    /**
     * The reply with the conversation so far ({@code history}, oldest first, without the question itself) and a
     * place taken by {@link #admit()}. Answerers that need neither use the three-argument form.
     */
    default Answer answer(Question question, Admission admission, TokenSink sink) {
        return answer(question.text(), question.scope(), sink);
    }

    /**
     * Takes a place for one answer before anything is stored or streamed, so a full appliance can say so (429)
     * instead of queueing without bound. Close the admission when the answer is done.
     */
    default Admission admit() throws BusyException {
        return Admission.NONE;
    }

    /**
     * A tenant's question in its conversation.
     *
     * @param language the tenant's language, or null when unknown:
     *                 retrieval prefers passages in it, and a generated answer is written in it
     * @param passages what retrieval found for it that cleared the answer gate, best first (empty: nothing did,
     *                 so the answer is "I don't know"); null when not retrieved yet, and the answerer retrieves
     */
    record Question(String text, Scope scope, List<ChatMessage> history, Language language,
                    List<ScoredPassage> passages) {
        public Question {
            history = List.copyOf(history);
            passages = passages == null ? null : List.copyOf(passages);
        }

        /** A question not retrieved for yet. */
        public Question(String text, Scope scope, List<ChatMessage> history, Language language) {
            this(text, scope, history, language, null);
        }

        /** A question in no particular language. */
        public Question(String text, Scope scope, List<ChatMessage> history) {
            this(text, scope, history, null, null);
        }
    }

    /** A place to answer in; closing it frees the place. */
    interface Admission extends AutoCloseable {
        Admission NONE = () -> { };

        @Override
        void close();
    }

    /** No place is free: try again after {@link #retryAfterSeconds()}. */
    final class BusyException extends Exception {
        private final int retryAfterSeconds;

        public BusyException(int retryAfterSeconds) {
            super("every place in the answer queue is taken", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
