package app.porter.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard itself must catch what it is there to catch, or the suites that run under it prove nothing: a
 * connection to this machine's own non-loopback address (nothing leaves the machine, but the address is not
 * loopback, exactly like a connection out) through {@code java.net.Socket}, an NIO channel, {@code HttpClient} and
 * a connection that sends nothing; loopback traffic is not reported.
 */
class LoopbackOnlyTest {

    private ServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void listen() throws Exception {
        LoopbackOnly.start();
        LoopbackOnly.drain();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            acceptor.join(2000);
        }
    }

    private InetSocketAddress serve(InetAddress address) throws Exception {
        server = new ServerSocket(0, 50, address);
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buffer = new byte[256];
                    if (in.read(buffer) > 0) {
                        out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (Exception e) {
                    return;
                }
            }
        });
        return new InetSocketAddress(address, server.getLocalPort());
    }

    private static Optional<InetAddress> nonLoopback() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (Exception e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address)
                .filter(a -> !a.isLoopbackAddress()).findFirst();
    }

    @Test
    void catchesEveryKindOfConnectionToANonLoopbackAddress() throws Exception {
        Optional<InetAddress> own = nonLoopback();
        assumeTrue(own.isPresent(), "this machine has no non-loopback address to try");
        InetSocketAddress target = serve(own.get());

        try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        }
        assertCaught(target, "java.net.Socket");

        try (SocketChannel channel = SocketChannel.open(target)) {
            channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            channel.read(ByteBuffer.allocate(64));
        }
        assertCaught(target, "an NIO SocketChannel");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            client.send(HttpRequest.newBuilder(URI.create("http://" + target.getAddress().getHostAddress() + ":"
                    + target.getPort() + "/")).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // the answer does not matter, the attempt does
        }
        assertCaught(target, "HttpClient");

        try (SocketChannel silent = SocketChannel.open(target)) {
            Thread.sleep(100); // connected, nothing sent: only the kernel's table shows it
        }
        assertCaught(target, "a connection that sends nothing");
    }

    @Test
    void loopbackIsFine() throws Exception {
        InetSocketAddress target = serve(InetAddress.getLoopbackAddress());
        try (SocketChannel channel = SocketChannel.open(target)) {
            channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            channel.read(ByteBuffer.allocate(64));
        }
        assertEquals(List.of(), LoopbackOnly.drain());
    }

    @Test
    void readsTheKernelsAddresses() throws Exception {
        assertEquals("127.0.0.1", LoopbackOnly.procAddress("0100007F").getHostAddress());
        assertEquals("192.0.2.2", LoopbackOnly.procAddress("020200C0").getHostAddress());
        assertTrue(LoopbackOnly.procAddress("00000000000000000000000001000000").isLoopbackAddress());
        assertFalse(LoopbackOnly.isLocal("203.0.113.9"));
        assertTrue(LoopbackOnly.isLocal("::1"));
    }

    private static void assertCaught(InetSocketAddress target, String how) throws Exception {
        List<String> found = LoopbackOnly.drain();
        assertTrue(found.stream().anyMatch(v -> v.contains(target.getAddress().getHostAddress())),
                how + " was not caught: " + found);
    }
}
