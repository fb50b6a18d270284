package dev.idgw.loadtest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The proxy's modes over real sockets on loopback, in front of an echo server. */
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
  void shouldForwardBothWaysWhenPassing() throws Exception {
    try (Socket s = connect()) {
      assertThat(exchange(s, "hello")).isEqualTo("hello");
      assertThat(exchange(s, "again")).isEqualTo("again");
    }
    assertThat(proxy.mode()).isEqualTo(ProxyMode.PASS);
    assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    assertThat(proxy.bytesToTarget()).isEqualTo(10);
    assertThat(proxy.bytesToClient()).isEqualTo(10);
  }

  @Test
  void shouldDelayEveryChunkBothWaysInOrderAndStopDelayingWhenLifted() throws Exception {
    proxy.set(new ProxyMode.Latency(Duration.ofMillis(150), 1));
    try (Socket s = connect()) {
      long start = System.nanoTime();
      for (String part : new String[] {"a", "b", "c"}) {
        send(s, part);
      }
      assertThat(read(s, 3)).isEqualTo("abc");
      assertThat(millisSince(start)).as("150 ms each way").isGreaterThanOrEqualTo(290);
      proxy.set(ProxyMode.PASS);
      start = System.nanoTime();
      assertThat(exchange(s, "d")).isEqualTo("d");
      assertThat(millisSince(start)).isLessThan(150);
    }
    assertThat(proxy.chunksDelayed()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldDelayOnlyRequestsGoingToTheTargetForAFraction() throws Exception {
    // A fraction below 1 holds client-to-target chunks only: one delay per exchange, not two.
    try (Socket s = connect()) {
      assertThat(exchange(s, "warm")).isEqualTo("warm");
      proxy.set(new ProxyMode.Latency(Duration.ofMillis(200), 0.999_999));
      long start = System.nanoTime();
      assertThat(exchange(s, "x")).isEqualTo("x");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(190L);
    }
    assertThat(proxy.chunksDelayed()).as("the request was held, the echo was not").isEqualTo(1);
    assertThatThrownBy(() -> new ProxyMode.Latency(Duration.ofMillis(1), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSwallowEverythingWhileBlackholedAndResetTheDamagedConnectionsAfter() throws Exception {
    try (Socket before = connect()) {
      assertThat(exchange(before, "up")).isEqualTo("up");
      proxy.set(ProxyMode.BLACKHOLE);
      try (Socket during = connect()) {
        send(before, "lost");
        send(during, "lost too");
        before.setSoTimeout(300);
        during.setSoTimeout(300);
        assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThat(proxy.bytesDropped()).isEqualTo(12);

        proxy.set(ProxyMode.PASS);
        assertEnded(before);
        assertEnded(during);
      }
    }
    try (Socket after = connect()) {
      assertThat(exchange(after, "back")).isEqualTo("back");
    }
  }

  @Test
  void shouldSilenceOpenConnectionsForGoodAndLetNewOnesThrough() throws Exception {
    try (Socket before = connect()) {
      assertThat(exchange(before, "up")).isEqualTo("up");
      proxy.set(ProxyMode.STRAND);
      try (Socket during = connect()) {
        assertThat(exchange(during, "new one")).as("new connections pass").isEqualTo("new one");
        send(before, "lost");
        before.setSoTimeout(300);
        assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

        proxy.set(ProxyMode.PASS);
        send(before, "still lost");
        assertThatThrownBy(() -> before.getInputStream().read()).as("not revived, not closed either")
            .isInstanceOf(SocketTimeoutException.class);
        assertThat(exchange(during, "fine")).isEqualTo("fine");
      }
    }
    assertThat(proxy.bytesDropped()).isEqualTo(14);
    assertThat(proxy.resets()).isZero();
    assertThat(proxy.closes()).isZero();
  }

  @Test
  void shouldResetOpenAndNewConnectionsWithRst() throws Exception {
    try (Socket s = connect()) {
      assertThat(exchange(s, "ok")).isEqualTo("ok");
      proxy.set(ProxyMode.RESET);
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
    proxy.set(ProxyMode.PASS);
    try (Socket s = connect()) {
      assertThat(exchange(s, "fine")).isEqualTo("fine");
    }
  }

  @Test
  void shouldCloseOpenAndNewConnectionsWithFin() throws Exception {
    try (Socket s = connect()) {
      assertThat(exchange(s, "ok")).isEqualTo("ok");
      proxy.set(ProxyMode.CLOSE);
      s.setSoTimeout(5_000);
      assertThat(s.getInputStream().read()).as("EOF, not a reset").isEqualTo(-1);
    }
    try (Socket s = connect()) {
      s.setSoTimeout(5_000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(proxy.closes()).isEqualTo(2);
    assertThat(proxy.resets()).isZero();
    proxy.set(ProxyMode.PASS);
    try (Socket s = connect()) {
      assertThat(exchange(s, "open again")).isEqualTo("open again");
    }
  }

  private Socket connect() throws IOException {
    var socket = new Socket("127.0.0.1", proxy.port());
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
    InputStream in = socket.getInputStream();
    byte[] buffer = in.readNBytes(length);
    return new String(buffer, StandardCharsets.US_ASCII);
  }

  /** Reset or closed by the proxy: a read ends with an exception or EOF, never a timeout. */
  private static void assertEnded(Socket socket) throws IOException {
    socket.setSoTimeout(5_000);
    try {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } catch (SocketException reset) {
      assertThat(reset).hasMessageContaining("reset");
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
