package dev.idgw.testkit.fault;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every mode of the proxy over real sockets on loopback, in front of an echo server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpFaultProxyTest {
    private Vertx vertx;
    private TcpFaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        NetServer echo = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(socket -> socket.handler(socket::write));
        echo.listen().await(10, TimeUnit.SECONDS);
        proxy = TcpFaultProxy.start("127.0.0.1", echo.actualPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldForwardBothWaysAndCountConnectionsAndBytesWhenPassing() throws Exception {
        try (Socket s = connect()) {
            assertThat(exchange(s, "hello")).isEqualTo("hello");
            assertThat(exchange(s, "again")).isEqualTo("again");
        }
        assertThat(proxy.mode()).isEqualTo(ProxyMode.PASS);
        assertThat(proxy.address()).isEqualTo("127.0.0.1:" + proxy.port());
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.bytesToTarget()).isEqualTo(10);
        assertThat(proxy.bytesToClient()).isEqualTo(10);
        awaitOpenConnections(0);
    }

    @Test
    void shouldDelayEveryChunkBothWaysInOrderAndStopDelayingWhenLifted() throws Exception {
        proxy.latency(Duration.ofMillis(150));
        try (Socket s = connect()) {
            long start = System.nanoTime();
            for (String part : new String[] {"a", "b", "c", "d"}) {
                send(s, part);
            }
            assertThat(read(s, 4)).isEqualTo("abcd");
            // A lower bound only: a held chunk is never released before it is due.
            assertThat(millisSince(start)).as("held 150 ms each way").isGreaterThanOrEqualTo(300);
            long heldWhileSlow = proxy.chunksDelayed();
            assertThat(heldWhileSlow).isGreaterThanOrEqualTo(2);
            proxy.pass();
            assertThat(exchange(s, "e")).isEqualTo("e");
            assertThat(proxy.chunksDelayed()).as("nothing held once lifted").isEqualTo(heldWhileSlow);
        }
    }

    @Test
    void shouldHoldOnlyClientToTargetChunksForATail() throws Exception {
        try (Socket s = connect()) {
            assertThat(exchange(s, "warm")).isEqualTo("warm");
            proxy.p99Latency(Duration.ofMillis(200), 0.999_999);
            long start = System.nanoTime();
            assertThat(exchange(s, "x")).isEqualTo("x");
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(200);
        }
        assertThat(proxy.chunksDelayed()).as("the request was held, the echo was not").isEqualTo(1);
        assertThat(proxy.mode()).isEqualTo(new ProxyMode.TailLatency(Duration.ofMillis(200), 0.999_999));
    }

    @Test
    void shouldHoldAboutTheDrawnShareOfRequests() throws Exception {
        proxy.p99Latency(Duration.ofMillis(1), 0.1);
        try (Socket s = connect()) {
            for (int i = 0; i < 200; i++) {
                assertThat(exchange(s, "q")).isEqualTo("q");
            }
        }
        assertThat(proxy.chunksDelayed()).as("about 20 of 200 at a 10 %% share").isBetween(5L, 45L);
        proxy.p99Latency(Duration.ofMillis(1));
        assertThat(((ProxyMode.TailLatency) proxy.mode()).fraction()).isEqualTo(0.01);
    }

    @Test
    void shouldRejectAModeThatCannotBe() {
        assertThatThrownBy(() -> new ProxyMode.TailLatency(Duration.ofMillis(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyMode.TailLatency(Duration.ofMillis(1), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyMode.Latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyMode.CloseAfter(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSwallowEverythingWhileBlackholedAndResetTheDamagedConnectionsAfter() throws Exception {
        try (Socket before = connect()) {
            assertThat(exchange(before, "up")).isEqualTo("up");
            proxy.blackhole();
            try (Socket during = connect()) {
                send(before, "lost");
                send(during, "lost too");
                before.setSoTimeout(300);
                during.setSoTimeout(300);
                assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(proxy.bytesDropped()).isEqualTo(12);

                proxy.pass();
                assertEnded(before);
                assertEnded(during);
            }
        }
        try (Socket after = connect()) {
            assertThat(exchange(after, "back")).isEqualTo("back");
        }
    }

    @Test
    void shouldSilenceOpenConnectionsForGoodLetNewOnesThroughAndEndThemOnlyByAReset() throws Exception {
        try (Socket before = connect()) {
            assertThat(exchange(before, "up")).isEqualTo("up");
            proxy.strand();
            try (Socket during = connect()) {
                assertThat(exchange(during, "new one")).as("new connections pass").isEqualTo("new one");
                send(before, "lost");
                before.setSoTimeout(300);
                assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                proxy.pass();
                send(before, "still lost");
                assertThatThrownBy(() -> before.getInputStream().read()).as("not revived, not closed either")
                        .isInstanceOf(SocketTimeoutException.class);
                proxy.hangUp().pass();
                assertThatThrownBy(() -> before.getInputStream().read()).as("not closed by a hang-up either")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(proxy.bytesDropped()).isEqualTo(14);
                assertThat(proxy.resets()).isZero();

                proxy.reset();
                before.setSoTimeout(5_000);
                assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketException.class);
            }
        }
    }

    @Test
    void shouldResetOpenAndNewConnectionsWithRst() throws Exception {
        try (Socket s = connect()) {
            assertThat(exchange(s, "ok")).isEqualTo("ok");
            proxy.reset();
            s.setSoTimeout(5_000);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        try (Socket s = connect()) {
            s.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                send(s, "x");
                s.getInputStream().read();
            }).isInstanceOf(SocketException.class);
        }
        assertThat(proxy.resets()).isEqualTo(2);
        assertThat(proxy.closes()).isZero();
        proxy.pass();
        try (Socket s = connect()) {
            assertThat(exchange(s, "fine")).isEqualTo("fine");
        }
    }

    @Test
    void shouldCloseOpenAndNewConnectionsWithFin() throws Exception {
        try (Socket s = connect()) {
            assertThat(exchange(s, "ok")).isEqualTo("ok");
            proxy.hangUp();
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).as("EOF, not a reset").isEqualTo(-1);
        }
        try (Socket s = connect()) {
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(proxy.closes()).isEqualTo(2);
        assertThat(proxy.resets()).isZero();
        proxy.pass();
        try (Socket s = connect()) {
            assertThat(exchange(s, "open again")).isEqualTo("open again");
        }
    }

    @Test
    void shouldCloseAConnectionOnceItCarriedTheLimit() throws Exception {
        proxy.closeAfter(10);
        try (Socket s = connect()) {
            assertThat(exchange(s, "ping")).isEqualTo("ping"); // 8 bytes carried
            send(s, "pong");
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).as("EOF after the limit").isEqualTo(-1);
        }
        assertThat(proxy.bytesToTarget()).isEqualTo(6);
        assertThat(proxy.closes()).isEqualTo(1);
        assertThat(proxy.countersJson().getLong("connections_closed")).isEqualTo(1);
    }

    private Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", proxy.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String exchange(Socket socket, String text) throws IOException {
        send(socket, text);
        return read(socket, text.length());
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("EOF after " + bytes.length + " bytes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Reset or closed by the proxy: a read ends with an exception or EOF within 5 s, never a timeout. */
    private static void assertEnded(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (SocketException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }

    private void awaitOpenConnections(int expected) {
        eventually(Duration.ofSeconds(5), () -> assertThat(proxy.openConnections()).isEqualTo(expected));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
