package dev.idgw.loadtest.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code redis-server <conf> --port P --dir D} for one scenario, so what is measured is the
 * shipped durable configuration ({@code appendfsync always}) and nothing is left in a shared Redis.
 * Readiness and the effective fsync policy are checked with raw RESP over a socket: this module talks
 * to Redis only to know it is up, never to its data.
 */
final class LocalRedis {
  private LocalRedis() {}

  static ChildProcess start(Path config, int port, Path dir, Duration timeout) throws IOException {
    return start(config, port, dir, timeout, "redis.log");
  }

  /** As {@link #start(Path, int, Path, Duration)}, its output in {@code logName} (a restart keeps the first log). */
  static ChildProcess start(Path config, int port, Path dir, Duration timeout, String logName) throws IOException {
    Files.createDirectories(dir);
    var redis = ChildProcess.start("redis", List.of("redis-server", config.toAbsolutePath().toString(),
        "--port", Integer.toString(port), "--dir", dir.toAbsolutePath().toString(), "--daemonize", "no"),
        dir.resolve(logName), dir);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!redis.isAlive()) {
        throw new IOException("redis-server exited: " + redis.logTail(10));
      }
      if (command(port, "PING").startsWith("+PONG")) {
        return redis;
      }
      sleep(50);
    }
    redis.stop(Duration.ofSeconds(2));
    throw new IOException("redis-server did not answer PING within " + timeout.toSeconds() + " s: " + redis.logTail(10));
  }

  /** The server's {@code appendfsync} setting, or "unknown". */
  static String appendFsync(int port) {
    String reply = command(port, "CONFIG GET appendfsync");
    String[] lines = reply.split("\r\n");
    return lines.length >= 5 ? lines[4] : "unknown";
  }

  /** One inline command, its raw reply ("" when Redis does not answer). */
  static String command(int port, String command) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[512];
      int read = in.read(buffer);
      if (read <= 0) {
        return "";
      }
      var reply = new StringBuilder(new String(buffer, 0, read, StandardCharsets.US_ASCII));
      // A multi-bulk reply may arrive in pieces; CONFIG GET's is tiny, one more read is enough.
      if (reply.charAt(0) == '*' && reply.toString().split("\r\n").length < 5 && (read = in.read(buffer)) > 0) {
        reply.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
      }
      return reply.toString();
    } catch (IOException notYet) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
