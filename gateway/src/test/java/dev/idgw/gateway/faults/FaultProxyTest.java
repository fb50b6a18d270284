package dev.idgw.gateway.faults;

import static dev.idgw.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.support.FaultProxy;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.parallel.Isolated;

/** The fault proxy itself, in front of an echo server on loopback. */
@Isolated // asserts delays of 150 ms to the millisecond: CPU-sensitive
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private Vertx vertx;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        NetServer echo = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(socket -> socket.handler(socket::write));
        echo.listen().await(10, TimeUnit.SECONDS);
        proxy = FaultProxy.start("127.0.0.1", echo.actualPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        vertx.close().await();
    }

    @Test
    void shouldForwardBothWaysAndCountConnectionsAndBytes() throws Exception {
        try (Socket s = connect()) {
            assertThat(exchange(s, "hello")).isEqualTo("hello");
            assertThat(exchange(s, "again")).isEqualTo("again");
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.bytesToTarget()).isEqualTo(10);
        assertThat(proxy.bytesToClient()).isEqualTo(10);
        awaitOpenConnections(0);
    }

    @Test
    void shouldDelayEveryChunkBothWaysAndKeepTheirOrder() throws Exception {
        proxy.latency(Duration.ofMillis(150));
        try (Socket s = connect()) {
            long start = System.nanoTime();
            for (String part : new String[] {"a", "b", "c", "d"}) {
                s.getOutputStream().write(part.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            assertThat(read(s, 4)).isEqualTo("abcd");
            assertThat(millisSince(start)).as("150 ms each way").isGreaterThanOrEqualTo(290);
            proxy.pass();
            start = System.nanoTime();
            assertThat(exchange(s, "e")).isEqualTo("e");
            assertThat(millisSince(start)).isLessThan(150);
        }
    }

    @Test
    void shouldSwallowEverythingWhileBlackholedAndResetTheBrokenConnectionsAfter() throws Exception {
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
                assertClosedByPeer(before);
                assertClosedByPeer(during);
            }
        }
        try (Socket after = connect()) {
            assertThat(exchange(after, "back")).isEqualTo("back");
        }
    }

    @Test
    void shouldSilenceOpenConnectionsForGoodButPassNewOnesWhenStranded() throws Exception {
        try (Socket old = connect()) {
            assertThat(exchange(old, "up")).isEqualTo("up");
            proxy.strand();
            send(old, "lost");
            old.setSoTimeout(300);
            assertThatThrownBy(() -> old.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            try (Socket fresh = connect()) {
                assertThat(exchange(fresh, "new")).isEqualTo("new");
            }
            proxy.pass();
            send(old, "still lost");
            assertThatThrownBy(() -> old.getInputStream().read()).as("healing does not revive or close it")
                    .isInstanceOf(SocketTimeoutException.class);
            proxy.reset();
            old.setSoTimeout(5_000);
            assertThatThrownBy(() -> old.getInputStream().read()).isInstanceOf(SocketException.class);
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
        proxy.pass();
        try (Socket s = connect()) {
            assertThat(exchange(s, "fine")).isEqualTo("fine");
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
    }

    @Test
    void shouldDelayOnlyTheDrawnShareOfRequests() throws Exception {
        proxy.p99Latency(Duration.ofMillis(60), 0.1);
        int slow = 0;
        try (Socket s = connect()) {
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                assertThat(exchange(s, "q")).isEqualTo("q");
                if (millisSince(start) >= 50) {
                    slow++;
                }
            }
        }
        assertThat(slow).as("about 20 of 200 at a 10 %% share").isBetween(5, 45);
        assertThat(FaultProxy.DEFAULT_P99_FRACTION).isEqualTo(0.01);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String exchange(Socket s, String text) throws IOException {
        send(s, text);
        return read(s, text.length());
    }

    private static String read(Socket s, int length) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[length];
        int got = 0;
        while (got < length) {
            int n = in.read(buf, got, length - got);
            if (n < 0) {
                throw new IOException("EOF after " + got + " bytes");
            }
            got += n;
        }
        return new String(buf, StandardCharsets.US_ASCII);
    }

    /** A reset or an EOF: either way the proxy ended the connection, and within 5 s. */
    private static void assertClosedByPeer(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
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
