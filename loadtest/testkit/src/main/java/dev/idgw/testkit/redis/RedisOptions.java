package dev.idgw.testkit.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link LocalRedis}: its directory (data, AOF, logs), its port ({@code 0}: a free one),
 * an optional config file (e.g. the shipped durable {@code config/redis-sharelog.conf}) and extra
 * {@code redis-server} arguments, which override the file and the defaults (later arguments win).
 * Without a config file nothing is kept on disk unless the arguments say so.
 */
public record RedisOptions(Path dir, int port, Optional<Path> configFile, List<String> arguments, Duration startTimeout) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

    public RedisOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(configFile, "configFile");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (a free one) or 1-65535: " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
    }

    /** A throwaway server in {@code dir}: a free port, no config file, no persistence, 10 s to start. */
    public static RedisOptions in(Path dir) {
        return new RedisOptions(dir, 0, Optional.empty(), List.of(), DEFAULT_START_TIMEOUT);
    }

    public RedisOptions port(int fixedPort) {
        return new RedisOptions(dir, fixedPort, configFile, arguments, startTimeout);
    }

    public RedisOptions configFile(Path file) {
        return new RedisOptions(dir, port, Optional.of(file), arguments, startTimeout);
    }

    public RedisOptions arguments(List<String> extra) {
        return new RedisOptions(dir, port, configFile, extra, startTimeout);
    }

    public RedisOptions startTimeout(Duration timeout) {
        return new RedisOptions(dir, port, configFile, arguments, timeout);
    }
}
