package app.porter.inference;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Background work (embedding and indexing an upload) at a lower CPU priority than tenants' requests: the thread's
 * Linux nice value is raised to {@value #NICE}.
 *
 * <p>WHY: {@link Thread#setPriority} does nothing on Linux (the JVM ignores Java priorities there unless run as
 * root with {@code -XX:ThreadPriorityPolicy=1}), so an indexing thread competed with a tenant's question as an
 * equal. At nice 10 the kernel's fair scheduler weighs it about a tenth of a normal thread: while a question is
 * answered, indexing gets the leftovers; when nobody asks, it still has every core. Raising one's own nice value
 * needs no privilege (lowering it back does, so a thread lowered here stays lowered). On Linux
 * {@code setpriority(PRIO_PROCESS, tid, ...)} applies to that one thread (see {@code man 2 setpriority}, NOTES).
 * Elsewhere, or when the C library lacks {@code gettid}, this does nothing. The C calls go through JNA (the Java
 * release Porter compiles for has no foreign-function API).
 *
 * <p>ONNX Runtime runs a single-threaded session's work on the calling thread, so an embedding run started on a
 * thread lowered here runs at the lower priority too.
 */
public final class BackgroundPriority {

    /**
     * The nice value of background threads (0 is normal, 19 the lowest); the system property
     * {@code porter.backgroundNice} overrides it (0 turns the lowering off: IngestionBench compares the two).
     */
    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;

    /** The three calls of the C library used here. */
    private interface CLibrary extends Library {
        int gettid();

        int setpriority(int which, int who, int prio);

        int getpriority(int which, int who);
    }

    /** The C library; empty when not on Linux or it cannot be loaded. */
    private static final Optional<CLibrary> LIBC = load();

    private BackgroundPriority() {
    }

    /** Lowers the calling thread's priority; false when this platform cannot (the thread is left as it was). */
    public static boolean lowerCurrentThread() {
        try {
            int nice = Integer.getInteger("porter.backgroundNice", NICE);
            return LIBC.map(c -> c.setpriority(PRIO_PROCESS, c.gettid(), nice) == 0).orElse(false);
        } catch (UnsatisfiedLinkError e) {
            return false; // a C library older than gettid (glibc 2.30)
        }
    }

    /** The nice value of the calling thread, or empty where it cannot be read. */
    public static Optional<Integer> currentNice() {
        try {
            return LIBC.map(c -> c.getpriority(PRIO_PROCESS, c.gettid()));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** Daemon platform threads named {@code prefix1, prefix2, ...} that lower their own priority first. */
    public static ThreadFactory threads(String prefix) {
        ThreadFactory named = Thread.ofPlatform().daemon().name(prefix, 1).factory();
        return task -> named.newThread(() -> {
            lowerCurrentThread();
            task.run();
        });
    }

    private static Optional<CLibrary> load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Native.load("c", CLibrary.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
