package dev.idgw.gateway.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * @param uri e.g. {@code redis://127.0.0.1:6379}
 * @param commandTimeout how long one command may take before the caller gets a timeout
 * @param requestQueueSize commands that may be queued in the client at once before new ones are refused
 * @param keyPrefix prefix of every key this gateway writes, so several deployments can share a Redis
 */
public record RedisSettings(String uri, Duration commandTimeout, int requestQueueSize, String keyPrefix) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);
    public static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    public static final String DEFAULT_KEY_PREFIX = "idgw";

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected a redis:// or rediss:// URI");
        }
        if (!keyPrefix.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("key prefix must be 1-32 of [A-Za-z0-9_.-]");
        }
        if (requestQueueSize < 1) {
            throw new IllegalArgumentException("request queue size must be positive");
        }
    }

    public static RedisSettings at(String uri) {
        return new RedisSettings(uri, DEFAULT_COMMAND_TIMEOUT, DEFAULT_REQUEST_QUEUE_SIZE, DEFAULT_KEY_PREFIX);
    }
}
