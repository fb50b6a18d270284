package dev.idgw.gateway.config;

import dev.idgw.gateway.redis.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis:} one server ({@code uri}) or a cluster's seed nodes ({@code cluster}), never both, and
 * how patient to be. Defaults: the {@code DEFAULT_*} of {@link RedisSettings}.
 */
final class RedisReader {
    private RedisReader() {
    }

    static RedisSettings read(ConfigNode n) {
        boolean uriGiven = n.has("uri");
        List<String> cluster = clusterNodes(n);
        if (!cluster.isEmpty() && uriGiven) {
            throw n.error("cluster", "mutually exclusive with redis.uri: give one Redis (uri) or the cluster's seed "
                    + "nodes (cluster), not both");
        }
        String uri = cluster.isEmpty() ? n.parsed("uri", RedisSettings::requireRedisUri, RedisSettings.DEFAULT_URI)
                : null;
        RedisSettings redis = new RedisSettings(uri,
                n.duration("commandTimeout", RedisSettings.DEFAULT_COMMAND_TIMEOUT, Duration.ofMillis(1),
                        Duration.ofSeconds(10)),
                n.integer("requestQueueSize", RedisSettings.DEFAULT_REQUEST_QUEUE_SIZE, 1, 1_000_000),
                n.parsed("keyPrefix", RedisSettings::requireKeyPrefix, RedisSettings.DEFAULT_KEY_PREFIX),
                cluster);
        n.rejectUnknownKeys();
        return redis;
    }

    /** {@code redis.cluster}: the seed nodes of a Redis Cluster, each a redis:// URI; empty when absent. */
    private static List<String> clusterNodes(ConfigNode n) {
        if (!n.has("cluster")) {
            return List.of();
        }
        List<String> nodes = new ArrayList<>(n.strings("cluster"));
        if (nodes.isEmpty()) {
            throw n.error("cluster", "expected at least one seed node (redis://host:port)");
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).trim();
            try {
                nodes.set(i, RedisSettings.requireRedisUri(node));
            } catch (IllegalArgumentException e) {
                throw n.error("cluster[" + i + "]", e.getMessage());
            }
        }
        return nodes;
    }
}
