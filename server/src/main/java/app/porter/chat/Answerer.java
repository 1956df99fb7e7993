package app.porter.chat;

/** Produces the reply to a tenant's question, streaming its text to {@code sink} while it is produced. */
@FunctionalInterface
public interface Answerer {
    Answer answer(String question, String propertyId, TokenSink sink);
}
