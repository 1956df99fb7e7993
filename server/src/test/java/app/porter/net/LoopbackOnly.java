package app.porter.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * A guard that fails a test class if anything in this JVM talked to an address other than loopback while it ran
 * ({@code @ExtendWith(LoopbackOnly.class)}). No SecurityManager (gone in Java 24) and no socket factory (the
 * {@code SocketImplFactory} misses NIO channels, which HttpClient, Helidon and the SMTP client use). Two
 * independent witnesses instead, both outside the code under test:
 *
 * <ul>
 *   <li>JFR's {@code jdk.SocketRead} and {@code jdk.SocketWrite} events, with no threshold: the JDK emits them for
 *   {@code java.net.Socket} and for NIO {@code SocketChannel} alike, with the peer's address, so every byte sent or
 *   received over TCP is seen, whatever library sent it;</li>
 *   <li>the kernel's own table: this process's sockets ({@code /proc/self/fd}) looked up in
 *   {@code /proc/self/net/tcp} and {@code tcp6} every few milliseconds, which also sees a connection that is only
 *   being attempted ({@code SYN_SENT}) or never carries a byte.</li>
 * </ul>
 *
 * <p>Native code that bypasses the JDK (ONNX Runtime) is covered by the second witness only while a connection
 * lives; strace in the release check covers the rest. JDK 25 has no JFR connect event, hence the sampler.
 */
public final class LoopbackOnly implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    private static final AtomicLong MARKS = new AtomicLong();
    private static volatile long seenMark;
    private static RecordingStream stream;
    private static Thread sampler;
    private static int startedAt;

    /** Committed after a test class and awaited in the stream: every earlier socket event has been seen then. */
    @Name("app.porter.GuardMark")
    @Label("Loopback guard mark")
    static final class Mark extends Event {
        long id;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        startedAt = VIOLATIONS.size();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> found = drain();
        if (!found.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " made non-loopback connections: " + found);
        }
    }

    /** Starts both witnesses once for this JVM. */
    public static synchronized void start() {
        if (stream != null) {
            return;
        }
        stream = new RecordingStream();
        stream.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withStackTrace();
        stream.enable("jdk.SocketRead").withThreshold(Duration.ZERO).withStackTrace();
        stream.enable(Mark.class);
        stream.onEvent("jdk.SocketWrite", LoopbackOnly::check);
        stream.onEvent("jdk.SocketRead", LoopbackOnly::check);
        stream.onEvent(Mark.class.getAnnotation(Name.class).value(), e -> seenMark = Math.max(seenMark, e.getLong("id")));
        stream.setReuse(false);
        stream.startAsync();
        sampler = Thread.ofPlatform().daemon().name("loopback-guard").start(LoopbackOnly::sample);
    }

    /** What was found since the last drain, once everything up to now has been processed. */
    public static synchronized List<String> drain() throws InterruptedException {
        Mark mark = new Mark();
        mark.id = MARKS.incrementAndGet();
        mark.commit();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seenMark < mark.id && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (seenMark < mark.id) {
            throw new AssertionError("the JFR stream did not catch up: the guard cannot vouch for this run");
        }
        Thread.sleep(30); // one more /proc sample
        List<String> found = new ArrayList<>(VIOLATIONS.subList(Math.min(startedAt, VIOLATIONS.size()),
                VIOLATIONS.size()));
        startedAt = VIOLATIONS.size();
        return found;
    }

    private static void check(RecordedEvent event) {
        String address = event.getString("address");
        if (address == null || address.isEmpty() || isLocal(address)) {
            return;
        }
        String where = event.getStackTrace() == null ? "" : event.getStackTrace().getFrames().stream()
                .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                .filter(m -> !m.startsWith("java.") && !m.startsWith("sun.") && !m.startsWith("jdk."))
                .findFirst().orElse("");
        VIOLATIONS.add(event.getEventType().getName() + " " + address + ":" + event.getInt("port") + " " + where);
    }

    static boolean isLocal(String literal) {
        String ip = literal.startsWith("/") ? literal.substring(1) : literal;
        if (!ip.matches("[0-9a-fA-F.:%]+")) {
            return false; // not an address literal; never resolved (that would be a DNS query)
        }
        try {
            InetAddress a = InetAddress.getByName(ip); // a literal: parsed, not looked up
            return a.isLoopbackAddress() || a.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void sample() {
        Set<String> reported = new HashSet<>();
        while (true) {
            try {
                Set<String> inodes = socketInodes();
                for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
                    Path file = Path.of(table);
                    if (!Files.isReadable(file)) {
                        continue;
                    }
                    for (String line : Files.readAllLines(file)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length < 10 || !inodes.contains(f[9])) {
                            continue;
                        }
                        InetAddress remote = procAddress(f[2].substring(0, f[2].indexOf(':')));
                        int port = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                        if (port != 0 && !remote.isLoopbackAddress() && !remote.isAnyLocalAddress()
                                && reported.add(f[9] + remote)) {
                            VIOLATIONS.add("tcp " + remote.getHostAddress() + ":" + port + " (state " + f[3] + ")");
                        }
                    }
                }
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a socket closed while we read: the next sample sees the table again
            }
        }
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    /** /proc's hex address: 32-bit words in host (little-endian) order. */
    static InetAddress procAddress(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
