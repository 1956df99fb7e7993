package app.porter.chat;

import app.porter.knowledge.Scope;

/**
 * Produces the reply to a tenant's question, streaming its text to {@code sink} while it is produced.
 * {@code scope} is the conversation's property and unit: an answerer draws only on passages visible there.
 */
@FunctionalInterface
public interface Answerer {
    Answer answer(String question, Scope scope, TokenSink sink);
}
