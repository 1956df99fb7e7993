package app.porter.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-to-healthy and idle memory of two distributions, measured in the same run, interleaved so that the
 * machine's load treats them alike: the baseline (a distribution folder built from the tree before the change) and
 * the candidate ({@code installer/target/porter}). Each round gives each distribution a fresh data directory and
 * starts it twice: the first start creates the data (keys, database, demo index) and, for the candidate, writes its
 * class-data sharing archive when it stops; the second start is the one an operator sees after every restart.
 * Healthy means {@code /observe/health} answers 200; idle RSS is read from {@code /proc} ten seconds after the
 * second start's console (which starts after the tenant socket is healthy) answers. Medians over the rounds.
 *
 * <pre>
 * git worktree add /tmp/porter-base 4597148 &amp;&amp; (cd /tmp/porter-base &amp;&amp; ./mvnw -q -DskipTests package)
 * ./mvnw -q -DskipTests package
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.StartupBench \
 *     -Dexec.args="/tmp/porter-base/installer/target/porter installer/target/porter 3"
 * </pre>
 */
public final class StartupBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Wall time to healthy, the CPU time the JVM had used by then (less sensitive to a loaded machine), RSS. */
    record Start(long healthyMs, long cpuMs, long idleRssKib) {
    }

    public static void main(String[] args) throws Exception {
        Path baseline = Path.of(args[0]).toAbsolutePath();
        Path candidate = Path.of(args[1]).toAbsolutePath();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("startup-bench");
        Map<Path, List<Long>> first = new HashMap<>();
        Map<Path, List<Long>> second = new HashMap<>();
        Map<Path, List<Long>> rss = new HashMap<>();
        Map<Path, List<Long>> cpu = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Path dist : List.of(baseline, candidate)) {
                Path data = work.resolve("round" + round + "-" + (dist.equals(baseline) ? "baseline" : "candidate"));
                Path archive = data.resolveSibling(data.getFileName() + ".jsa");
                first.computeIfAbsent(dist, d -> new ArrayList<>()).add(start(dist, data, archive, false).healthyMs());
                Start again = start(dist, data, archive, true);
                second.computeIfAbsent(dist, d -> new ArrayList<>()).add(again.healthyMs());
                cpu.computeIfAbsent(dist, d -> new ArrayList<>()).add(again.cpuMs());
                rss.computeIfAbsent(dist, d -> new ArrayList<>()).add(again.idleRssKib());
            }
        }
        System.out.printf(Locale.ROOT, "%nStart-up, %d rounds, medians (%d cores, load average %.1f at the end)%n",
                rounds, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-28s %12s %12s%n", "", "baseline", "candidate");
        row("first start to healthy (ms)", first, baseline, candidate);
        row("second start to healthy (ms)", second, baseline, candidate);
        row("second start, CPU ms to then", cpu, baseline, candidate);
        row("idle RSS (MiB)", rss, baseline, candidate);
        System.out.printf(Locale.ROOT, "all second starts, baseline %s, candidate %s (ms)%n", second.get(baseline),
                second.get(candidate));
    }

    private static void row(String name, Map<Path, List<Long>> values, Path baseline, Path candidate) {
        long divisor = name.contains("MiB") ? 1024 : 1;
        System.out.printf(Locale.ROOT, "%-28s %12d %12d%n", name, median(values.get(baseline)) / divisor,
                median(values.get(candidate)) / divisor);
    }

    /** Starts {@code dist}'s bin/porter on {@code data} until healthy, then (when asked) idles 10 s for RSS; stops it. */
    private static Start start(Path dist, Path data, Path archive, boolean measureRss) throws Exception {
        int tenant = freePort();
        int console = freePort();
        ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/porter").toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PORTER_DATA_DIR", data.toString());
        env.put("PORTER_HTTP_PORT", Integer.toString(tenant));
        env.put("PORTER_ADMIN_PORT", Integer.toString(freePort()));
        env.put("PORTER_CONSOLE_PORT", Integer.toString(console));
        env.put("PORTER_CDS_ARCHIVE", archive.toString()); // the baseline's launcher ignores it
        long started = System.nanoTime();
        Process porter = builder.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + tenant + "/observe/health");
            while (!healthy(health)) {
                if (!porter.isAlive()) {
                    throw new IllegalStateException(dist + " exited with " + porter.exitValue());
                }
                if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(180)) {
                    throw new IllegalStateException(dist + " not healthy in 180 s");
                }
                Thread.sleep(20);
            }
            long healthyMs = (System.nanoTime() - started) / 1_000_000;
            long cpuMs = cpuMs(porter.pid());
            long rssKib = 0;
            if (measureRss) {
                // Idle: the console (started after the tenant socket is healthy) answers too, and 10 s have passed.
                URI consolePage = URI.create("http://127.0.0.1:" + console + "/");
                while (!answers(consolePage) && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(180)) {
                    Thread.sleep(100);
                }
                Thread.sleep(10_000);
                rssKib = rssKib(porter.pid());
            }
            return new Start(healthyMs, cpuMs, rssKib);
        } finally {
            porter.destroy(); // SIGTERM: shutdown hooks run, and the class-data archive is written
            if (!porter.waitFor(120, TimeUnit.SECONDS)) {
                porter.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean healthy(URI health) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(URI page) throws InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(0L);
    }

    /** utime + stime from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms). */
    private static long cpuMs(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }
}
