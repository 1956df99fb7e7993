package app.porter;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log line written while it is open, at every level, as text: for tests that check that what a tenant or
 * staff typed never reaches a log. Closing it puts the root logger back as it was.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final StringBuilder lines = new StringBuilder();
    private final SimpleFormatter format = new SimpleFormatter();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel;

    private LogCapture() {
        rootLevel = root.getLevel();
        setLevel(Level.ALL);
        root.addHandler(this);
        root.setLevel(Level.ALL);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.append(format.format(record));
    }

    /** What was logged so far. */
    public synchronized String text() {
        return lines.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
    }
}
