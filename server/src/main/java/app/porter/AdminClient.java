package app.porter;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The shell's way into the appliance running on this machine: its admin API on the configured admin host and port
 * (the same {@code PORTER_*} environment as the appliance), with a bearer token from {@code PORTER_ADMIN_TOKEN},
 * a token file, or the data directory's {@code bootstrap-admin-token}. Commands that need the appliance's keys
 * and its database while it runs (the dataset export) go through here rather than opening the files themselves.
 * Loopback only: the admin socket listens nowhere else, and no proxy is ever used.
 */
final class AdminClient {

    /** Said plainly when nothing answers. */
    static final class NotRunning extends Exception {
        NotRunning(String message) {
            super(message);
        }
    }

    /** An answer other than 2xx: its status and the body's text (the API's JSON error). */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String body) {
            super("the appliance answered " + status + ": " + body);
            this.status = status;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * @param tokenFile a file whose first line is the token, overriding the environment and the bootstrap file
     * @throws IOException when no token can be found (the message says where it looked)
     */
    static AdminClient fromEnvironment(Map<String, String> env, Optional<Path> tokenFile) throws IOException {
        PorterConfig config = PorterConfig.load(env);
        String host = config.adminHost().contains(":") ? "[" + config.adminHost() + "]" : config.adminHost();
        URI base = URI.create("http://" + host + ":" + config.adminPort());
        Path bootstrap = config.dataDir().resolve("bootstrap-admin-token");
        String token;
        if (tokenFile.isPresent()) {
            token = firstLine(tokenFile.get());
        } else if (env.get("PORTER_ADMIN_TOKEN") != null && !env.get("PORTER_ADMIN_TOKEN").isBlank()) {
            token = env.get("PORTER_ADMIN_TOKEN").strip();
        } else if (Files.isReadable(bootstrap)) {
            token = firstLine(bootstrap);
        } else {
            throw new IOException("no admin token: set PORTER_ADMIN_TOKEN, pass --token-file, or run where "
                    + bootstrap + " is readable");
        }
        return new AdminClient(base, token);
    }

    /** POSTs JSON and returns the body as a stream (a zip, a JSON document ...). */
    InputStream postJson(String path, String json) throws NotRunning, Refused, IOException, InterruptedException {
        return post(path, "application/json", json);
    }

    /** POSTs {@code body} as {@code contentType} and returns the answer's body as a stream. */
    InputStream post(String path, String contentType, String body)
            throws NotRunning, Refused, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new NotRunning("no Porter appliance answers at " + base + " (start it with `porter run`, or set"
                    + " PORTER_ADMIN_PORT to the port it uses)");
        }
        if (response.statusCode() / 100 != 2) {
            try (InputStream answer = response.body()) {
                throw new Refused(response.statusCode(), new String(answer.readNBytes(4096), StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }
}
