package app.porter.chat;

/**
 * Receives a reply piece by piece as it is produced. A sink may throw (the tenant closed the stream); the
 * answerer must then stop producing.
 */
@FunctionalInterface
public interface TokenSink {
    TokenSink NONE = text -> { };

    void token(String text);
}
