package dev.idgw.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real redis-server process, its process faults and its durable restart. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalRedisTest {
    @TempDir Path dir;

    @Test
    void shouldStartAThrowawayServerOnAFreePortAndStopIt() throws Exception {
        LocalRedis redis = LocalRedis.start(dir, List.of());
        try {
            assertThat(LocalRedis.answers("127.0.0.1", redis.port())).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.isAlive()).isTrue();
        } finally {
            redis.close();
        }
        assertThat(redis.isAlive()).isFalse();
        assertThat(LocalRedis.answers("127.0.0.1", redis.port())).isFalse();
        redis.restart();
        assertThat(redis.isAlive()).as("no restart once stopped").isFalse();
    }

    @Test
    void shouldHangWhilePausedAndAnswerAgainWhenResumed() throws Exception {
        try (LocalRedis redis = LocalRedis.start(dir, List.of())) {
            redis.pause();
            assertThat(LocalRedis.answers("127.0.0.1", redis.port())).as("accepts, never answers").isFalse();
            assertThat(redis.isAlive()).isTrue();
            redis.resume();
            assertThat(LocalRedis.answers("127.0.0.1", redis.port())).isTrue();
        }
    }

    @Test
    void shouldKeepWhatItAcknowledgedAcrossAKillWhenDurable() throws Exception {
        Path config = dir.resolve("durable.conf");
        Files.writeString(config, "appendonly yes\nappendfsync always\nsave \"\"\n");
        RedisOptions options = RedisOptions.in(dir.resolve("data")).configFile(config).startTimeout(Duration.ofSeconds(20));
        try (LocalRedis redis = LocalRedis.start(options)) {
            assertThat(redis.appendFsync()).isEqualTo("always");
            assertThat(send(redis.port(), "SET kept yes")).isEqualTo("+OK");
            long firstPid = redis.pid();
            redis.kill();
            assertThat(redis.isAlive()).isFalse();
            assertThat(LocalRedis.answers("127.0.0.1", redis.port())).isFalse();
            redis.restart();
            assertThat(redis.pid()).isNotEqualTo(firstPid);
            assertThat(send(redis.port(), "GET kept")).isEqualTo("$3\r\nyes");
            assertThat(Files.exists(options.dir().resolve("redis-restart-1.log"))).isTrue();
        }
    }

    @Test
    void shouldStartOnAChosenPortWithArgumentsOverridingTheDefaults() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (LocalRedis redis = LocalRedis.startOnPort(port, dir, List.of("--appendonly", "yes", "--appendfsync", "no"))) {
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.appendFsync()).isEqualTo("no");
        }
    }

    @Test
    void shouldSayWhyAServerDidNotStart() {
        assertThatThrownBy(() -> LocalRedis.start(dir, List.of("--no-such-option", "1")))
                .isInstanceOf(IOException.class).hasMessageContaining("redis-server exited");
        assertThatThrownBy(() -> RedisOptions.in(dir).port(70_000)).isInstanceOf(IllegalArgumentException.class);
    }

    /** One inline command; the reply without its last CRLF. */
    private static String send(int port, String command) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[256];
            int read = socket.getInputStream().read(buffer);
            String reply = new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
            if (reply.startsWith("$") && reply.split("\r\n").length < 2) {
                int more = socket.getInputStream().read(buffer);
                reply += new String(buffer, 0, Math.max(0, more), StandardCharsets.US_ASCII);
            }
            return reply.endsWith("\r\n") ? reply.substring(0, reply.length() - 2) : reply;
        }
    }
}
