package app.porter.tickets;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

/**
 * Posts events (new tickets, escalations) as JSON to one address the firm configured, which must be on its own
 * network: loopback, a private range (10/8, 172.16/12, 192.168/16, fc00::/7) or link-local. Porter never sends
 * tenant data to the internet, so a public address is refused at start. Deliveries run on one background thread,
 * with a few retries; failures are logged with the status code only, never the payload. Once a secret is set
 * ({@link #signWith}), every delivery carries a {@link WebhookSignature}.
 */
public final class Webhook implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Webhook.class.getName());
    private static final int ATTEMPTS = 3;

    private final URI target;
    private final HttpClient http;
    private final ExecutorService sender;
    private volatile Supplier<Optional<byte[]>> secret = Optional::empty;
    private volatile Clock clock = Clock.systemUTC();

    private Webhook(URI target) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead off the firm's network
                .build();
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "porter-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    /** A webhook to {@code url}, after checking that it is an http(s) address on the firm's own network. */
    public static Webhook to(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook URL is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("webhook URL must be http:// or https:// with a host");
        }
        try {
            if (!resolvesToOwnNetwork(uri.getHost())) {
                throw new IllegalArgumentException("webhook host " + uri.getHost()
                        + " is not on a private network (loopback, 10/8, 172.16/12, 192.168/16, fc00::/7)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("webhook host " + uri.getHost() + " does not resolve");
        }
        return new Webhook(uri);
    }

    /**
     * Signs every delivery from now on with the secret {@code secret} supplies at the time (none: unsigned), so a
     * secret changed in the console applies to the next delivery.
     */
    public void signWith(Supplier<Optional<byte[]>> secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * Whether every address {@code host} resolves to is on the firm's own network (loopback, private, link-local,
     * unique local): the one rule for every address Porter sends to (this webhook, the SMTP relay).
     */
    public static boolean resolvesToOwnNetwork(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (!onOwnNetwork(address)) {
                return false;
            }
        }
        return true;
    }

    static boolean onOwnNetwork(InetAddress address) {
        byte[] a = address.getAddress();
        boolean uniqueLocalV6 = a.length == 16 && (a[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || uniqueLocalV6;
    }

    /** Queues {@code event} for delivery and returns at once. */
    public void post(JsonObject event) {
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        sender.execute(() -> deliver(body));
    }

    private void deliver(byte[] body) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                // A name checked at start may resolve elsewhere now (DNS changes, rebinding): check again.
                if (!resolvesToOwnNetwork(target.getHost())) {
                    LOG.log(Level.WARNING, "webhook host no longer resolves to a private address; event dropped");
                    return;
                }
                HttpResponse<Void> response = http.send(request(body), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                LOG.log(Level.WARNING, "webhook answered " + response.statusCode() + " (attempt " + attempt + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "webhook unreachable: " + e.getClass().getSimpleName() + " (attempt " + attempt + ")");
            }
            try {
                Thread.sleep(500L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Signed per attempt: a retry carries a fresh timestamp, so a receiver's replay window holds for it too. */
    private HttpRequest request(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Porter")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Optional<byte[]> key = secret.get();
        if (key.isPresent()) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(key.get(), timestamp, body));
        }
        return request.build();
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
