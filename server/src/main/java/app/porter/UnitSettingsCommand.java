package app.porter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import picocli.CommandLine.Command;

/**
 * {@code porter unit-settings}: the systemd drop-in that fits this configuration, printed for the package's
 * {@code porter-apply-settings} to install. The unit itself denies every address but localhost; this adds the
 * firm's own ranges Porter must reach ({@code porter.network.allow} in porter.yaml, plus the SMTP relay's and the
 * webhook's addresses), and sizes {@code MemoryMax} from the generative model.
 */
@Command(name = "unit-settings", mixinStandardHelpOptions = true,
        description = "Print the systemd drop-in for this configuration: IPAddressAllow for the firm's own ranges"
                + " (network.allow, the SMTP relay, the webhook) and MemoryMax sized from the model.")
final class UnitSettingsCommand implements Callable<Integer> {

    /** Porter's own need without a generative model: measured idle RSS ~0.5 GiB, plus room for ingestion. */
    static final long BASE_MEMORY_MB = 1536;
    /** Beside a model: ONNX Runtime's copy of the weights (x1.5 for its arenas) and the KV caches. */
    static final long MODEL_OVERHEAD_MB = 512;
    private static final Pattern CIDR = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(/\\d{1,3})?");

    @Override
    public Integer call() throws IOException {
        String dropIn;
        try {
            dropIn = dropIn(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("porter unit-settings: " + e.getMessage()); // a setting to fix, not a stack trace
            return 1;
        }
        System.out.write(dropIn.getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        return 0;
    }

    static String dropIn(Map<String, String> env) throws IOException {
        PorterConfig config = PorterConfig.load(env);
        Set<String> allowed = new LinkedHashSet<>();
        for (String range : PorterConfig.yaml(env).get("network.allow").asList(String.class).orElse(List.of())) {
            if (!CIDR.matcher(range.strip()).matches()) {
                throw new IllegalArgumentException("network.allow: \"" + range + "\" is not an address or range"
                        + " such as 192.168.10.0/24");
            }
            allowed.add(range.strip());
        }
        config.notifications().smtp().ifPresent(smtp -> allowed.addAll(addressesOf(smtp.host())));
        config.flows().webhookUrl().map(url -> URI.create(url).getHost())
                .ifPresent(host -> allowed.addAll(addressesOf(host)));
        StringBuilder out = new StringBuilder("# Written by `porter unit-settings` from porter.yaml: edit that file"
                + " and run porter-apply-settings, not this file.\n[Service]\n");
        if (!allowed.isEmpty()) {
            out.append("IPAddressAllow=").append(String.join(" ", allowed)).append('\n');
        }
        out.append("MemoryMax=").append(memoryMb(config)).append("M\n");
        return out.toString();
    }

    /** The relay's or webhook's addresses as host ranges; a name that does not resolve now adds nothing. */
    private static List<String> addressesOf(String host) {
        try {
            return Stream.of(InetAddress.getAllByName(host))
                    .map(a -> a.getHostAddress() + (a.getAddress().length == 4 ? "/32" : "/128")).toList();
        } catch (UnknownHostException e) {
            System.err.println("porter unit-settings: " + host + " does not resolve; add its range to network.allow");
            return List.of();
        }
    }

    static long memoryMb(PorterConfig config) throws IOException {
        Optional<Path> model = config.modelDir().or(() -> activeModel(config.dataDir().resolve("models")));
        if (model.isEmpty() || !Files.isDirectory(model.get())) {
            return BASE_MEMORY_MB;
        }
        long bytes;
        try (Stream<Path> files = Files.walk(model.get())) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        long mb = BASE_MEMORY_MB + MODEL_OVERHEAD_MB + (bytes >> 20) * 3 / 2;
        return (mb + 255) / 256 * 256;
    }

    private static Optional<Path> activeModel(Path models) {
        try {
            return Optional.of(models.resolve(Files.readString(models.resolve("active")).strip()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
