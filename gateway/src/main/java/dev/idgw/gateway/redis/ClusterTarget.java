package dev.idgw.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster ({@code redis.cluster}: seed nodes). The client learns the topology from any seed
 * that answers and routes every command to the master owning its key's slot.
 *
 * <p>Topology refresh is off in Lettuce by default (the maintainers' reason: the library cannot know
 * how the deployment changes). Here it is on both ways: every {@link #REFRESH_PERIOD}, and at once on
 * the signs of a change (MOVED/ASK redirects, repeated reconnects, an unknown node, an uncovered
 * slot), so a failover or a resharding is followed within seconds without a restart.
 */
final class ClusterTarget implements RedisTarget {
    static final Duration REFRESH_PERIOD = Duration.ofSeconds(10);
    /** Adaptive refreshes are rate limited: a flapping node must not turn into a refresh storm. */
    static final Duration ADAPTIVE_REFRESH_SPACING = Duration.ofSeconds(5);

    private final RedisClusterClient client;

    ClusterTarget(String linkName, RedisSettings settings, ClientResources resources) {
        List<RedisURI> seeds = settings.clusterNodes().stream()
                .map(node -> RedisTarget.linkUri(node, linkName, settings)).toList();
        this.client = RedisClusterClient.create(resources, seeds);
        this.client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .protocolVersion(ProtocolVersion.RESP3)
                // As on one server: a node that is down rejects its commands at once (callers strip),
                // nothing is queued and replayed later. Commands for the other nodes are unaffected.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // Only nodes the topology names may be connected to (a MOVED to a stranger is refused).
                .validateClusterNodeMembership(true)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(REFRESH_PERIOD)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_SPACING)
                        .build())
                .build());
    }

    @Override
    public CompletionStage<LinkConnection> connect() {
        // The topology first (from any seed that answers; without blocking, unlike getPartitions()),
        // then the connection; a replacement connection also starts from a fresh topology.
        return client.refreshPartitionsAsync()
                .thenCompose(loaded -> client.connectAsync(StringCodec.UTF8))
                .thenCompose(ClusterTarget::withMastersConnected)
                .thenApply(LinkConnection.Cluster::new);
    }

    /**
     * Opens the connection to every master before the link hands out commands. Lettuce opens a node's
     * connection on its first command, and with REJECT_COMMANDS the commands that arrive while it is
     * being set up are rejected (Lettuce 6.9+): without this, the first requests for each master would
     * be stripped. A master that is down now is skipped; Lettuce connects to it once it is back.
     */
    private static CompletionStage<StatefulRedisClusterConnection<String, String>> withMastersConnected(
            StatefulRedisClusterConnection<String, String> connection) {
        List<CompletableFuture<?>> opened = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                try {
                    // By host and port: the connection slot routing uses (not a node-id connection).
                    opened.add(connection.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                            .handle((c, error) -> null));
                } catch (RuntimeException unknownNode) {
                    // the topology changed meanwhile: routing connects to whatever owns the slots now
                }
            }
        }
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).thenApply(all -> connection);
    }

    @Override
    public CompletableFuture<Void> shutdownAsync() {
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS);
    }
}
