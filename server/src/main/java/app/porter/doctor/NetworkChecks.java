package app.porter.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network's checks: Porter's ports, the SMTP relay and the sandbox. Loopback only, except the relay (on the
 * firm's own network by Porter's rule) and the outbound probe, which only attempts a TCP handshake and sends
 * nothing.
 */
final class NetworkChecks {

    private static final int TIMEOUT_MS = 3000;

    private NetworkChecks() {
    }

    static List<Finding> run(Doctor.Settings settings) {
        List<Finding> findings = new ArrayList<>();
        boolean porterAnswers = settings.ports().stream().filter(p -> p.name().equals("tenant")).findFirst()
                .map(NetworkChecks::healthy).orElse(false);
        for (Doctor.Port port : settings.ports()) {
            findings.add(port(port, porterAnswers));
        }
        findings.add(settings.smtp().map(NetworkChecks::smtp)
                .orElse(Finding.ok("smtp relay", "none configured: Porter sends no e-mail")));
        findings.add(outbound(settings.outboundProbe()));
        return findings;
    }

    /** Free, or held by this Porter (its health answers): both fine. Held by anything else: Porter cannot start. */
    private static Finding port(Doctor.Port port, boolean porterAnswers) {
        String check = "port " + port.name();
        String where = port.host() + ":" + port.port();
        if (port.port() == 0) {
            return Finding.ok(check, "0: a free port is picked at each start");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port.host(), port.port()));
            return Finding.ok(check, where + " is free (Porter is not running)");
        } catch (IOException e) {
            return porterAnswers ? Finding.ok(check, where + " is in use by Porter, which reports itself healthy")
                    : Finding.fail(check, where + " is in use by another program, or Porter is unhealthy: "
                    + e.getMessage());
        }
    }

    private static boolean healthy(Doctor.Port tenant) {
        if (tenant.port() == 0) {
            return false;
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + tenant.port() + "/observe/health"))
                    .timeout(Duration.ofMillis(TIMEOUT_MS)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Connects, reads the relay's greeting and says QUIT: no mail, no login. */
    private static Finding smtp(InetSocketAddress relay) {
        String where = relay.getHostString() + ":" + relay.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(resolved(relay), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String greeting = Optional.ofNullable(in.readLine()).orElse("");
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String shown = greeting.length() > 80 ? greeting.substring(0, 80) + "..." : greeting;
            return greeting.startsWith("220") ? Finding.ok("smtp relay", where + " answers: " + shown)
                    : Finding.fail("smtp relay", where + " accepted a connection but is not ready for mail: " + shown);
        } catch (IOException e) {
            return Finding.fail("smtp relay", where + " unreachable: " + describe(e)
                    + " (a sandboxed Porter needs its network in porter.yaml's network.allow)");
        }
    }

    /**
     * A TCP handshake towards a non-local address, closed at once. Refused by the kernel with EPERM ("Operation
     * not permitted") is what systemd's IPAddressDeny does: the sandbox works. A completed handshake means any
     * library could phone out. No route or a time-out proves only that this network is closed, not the sandbox.
     */
    static Finding outbound(InetSocketAddress probe) {
        String where = probe.getHostString() + ":" + probe.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(resolved(probe), TIMEOUT_MS);
            return Finding.fail("outbound traffic", "a connection to " + where + " succeeded (closed, nothing"
                    + " sent): nothing stops this process from reaching the outside; run Porter under its systemd"
                    + " unit (IPAddressDeny=any)");
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("not permitted")) {
                return Finding.ok("outbound traffic", "a connection to " + where + " was refused by the sandbox"
                        + " (Operation not permitted)");
            }
            return unproven(where, e);
        } catch (IOException e) {
            return unproven(where, e);
        }
    }

    private static Finding unproven(String where, IOException e) {
        return Finding.warn("outbound traffic", where + " not reached (" + describe(e) + "), but not refused by a"
                + " sandbox either: the network stops it, not Porter's unit. Run the doctor in the service's"
                + " sandbox (sudo porter doctor, on a packaged install) to check the unit");
    }

    private static InetSocketAddress resolved(InetSocketAddress address) throws IOException {
        return address.isUnresolved()
                ? new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort())
                : address;
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out after " + TIMEOUT_MS / 1000 + " s";
        }
        if (e instanceof NoRouteToHostException || e instanceof ConnectException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
