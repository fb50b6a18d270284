package dev.idgw.gateway.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how patient to be with it: either one server ({@code uri}) or a Redis Cluster
 * ({@code clusterNodes}, the seed nodes the client asks for the topology), never both.
 *
 * @param uri e.g. {@code redis://127.0.0.1:6379}; null when {@code clusterNodes} are given
 * @param commandTimeout how long one command may take before the caller gets a timeout
 * @param requestQueueSize commands that may be queued in the client at once before new ones are refused
 * @param keyPrefix prefix of every key this gateway writes, so several deployments can share a Redis
 * @param clusterNodes seed nodes of a Redis Cluster ({@code redis://host:port} each); empty for a single server
 */
public record RedisSettings(String uri, Duration commandTimeout, int requestQueueSize, String keyPrefix,
                            List<String> clusterNodes) {
    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);
    public static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    public static final String DEFAULT_KEY_PREFIX = "idgw";

    public RedisSettings {
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        clusterNodes = List.copyOf(Objects.requireNonNull(clusterNodes, "clusterNodes"));
        if (uri == null && clusterNodes.isEmpty()) {
            throw new IllegalArgumentException("give either one Redis (uri) or the cluster's seed nodes");
        }
        if (uri != null && !clusterNodes.isEmpty()) {
            throw new IllegalArgumentException("uri and cluster are mutually exclusive: give one Redis or the "
                    + "cluster's seed nodes, not both");
        }
        if (uri != null) {
            requireRedisUri(uri);
        }
        clusterNodes.forEach(RedisSettings::requireRedisUri);
        requireKeyPrefix(keyPrefix);
        if (requestQueueSize < 1) {
            throw new IllegalArgumentException("request queue size must be positive");
        }
    }

    /** One Redis server. */
    public RedisSettings(String uri, Duration commandTimeout, int requestQueueSize, String keyPrefix) {
        this(Objects.requireNonNull(uri, "uri"), commandTimeout, requestQueueSize, keyPrefix, List.of());
    }

    public static RedisSettings at(String uri) {
        return new RedisSettings(uri, DEFAULT_COMMAND_TIMEOUT, DEFAULT_REQUEST_QUEUE_SIZE, DEFAULT_KEY_PREFIX);
    }

    /** A Redis Cluster reached through these seed nodes. */
    public static RedisSettings cluster(List<String> seedNodes, Duration commandTimeout, int requestQueueSize,
                                        String keyPrefix) {
        return new RedisSettings(null, commandTimeout, requestQueueSize, keyPrefix, seedNodes);
    }

    public boolean isCluster() {
        return !clusterNodes.isEmpty();
    }

    /** The Redis as messages name it: its address (a password in the URI left out), or the cluster's seeds. */
    public String displayName() {
        return uri != null ? withoutPassword(uri) : "the Redis Cluster of " + String.join(", ",
                clusterNodes.stream().map(RedisSettings::withoutPassword).toList());
    }

    private static String withoutPassword(String redisUri) {
        int at = redisUri.indexOf('@');
        int scheme = redisUri.indexOf("://");
        return at < 0 || scheme < 0 ? redisUri : redisUri.substring(0, scheme + 3) + redisUri.substring(at + 1);
    }

    /** The same Redis (server or cluster) with another command timeout: tools and tests want more patience. */
    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(uri, timeout, requestQueueSize, keyPrefix, clusterNodes);
    }

    /** @throws IllegalArgumentException unless {@code uri} is a redis:// or rediss:// URI */
    public static String requireRedisUri(String uri) {
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected a redis:// or rediss:// URI");
        }
        return uri;
    }

    /** @throws IllegalArgumentException unless {@code keyPrefix} is 1-32 of [A-Za-z0-9_.-] */
    public static String requireKeyPrefix(String keyPrefix) {
        if (!keyPrefix.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("key prefix must be 1-32 of [A-Za-z0-9_.-]");
        }
        return keyPrefix;
    }
}
