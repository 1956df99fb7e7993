package app.porter.chat;

/**
 * Receives a reply piece by piece as it is produced. A sink may throw (the tenant closed the stream); the
 * answerer must then stop producing.
 */
@FunctionalInterface
public interface TokenSink {
    TokenSink NONE = text -> { };

    void token(String text);

    /** The reply waits for the language model; {@code position} 1 is next. Streams show it; others ignore it. */
    default void queued(int position) {
    }

    /**
     * Work goes on but no text is ready to show (a generative answer is held back until it cites a passage).
     * Streams send a comment, which also tells whether the tenant is still there: if not, this throws and the
     * answerer stops.
     */
    default void heartbeat() {
    }
}
