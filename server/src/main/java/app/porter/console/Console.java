package app.porter.console;

/**
 * The admin console, found at start with {@link java.util.ServiceLoader} when its module is on the class path
 * ({@code server} never depends on {@code admin-ui}). Implementations serve on {@link ConsoleContext#host()} and
 * {@link ConsoleContext#port()} and call only the services in the context.
 */
public interface Console extends AutoCloseable {

    /** Starts serving; returns the port actually bound (useful when the context asks for port 0). */
    int start(ConsoleContext context) throws Exception;

    /** Stops serving. */
    @Override
    void close();
}
