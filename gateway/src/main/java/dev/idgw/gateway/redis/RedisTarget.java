package dev.idgw.gateway.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link RedisLink} connects to: one Redis server, or a Redis Cluster through its seed nodes.
 * Both are set up to fail fast the same way (commands rejected while disconnected, never queued and
 * replayed; a short per-command timeout; RESP3).
 */
sealed interface RedisTarget permits SingleServerTarget, ClusterTarget {
    /** Handshakes (HELLO, CLUSTER NODES) on a cold JVM can take longer than a hot-path command may. */
    Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    /** Opens a new connection; never blocks the caller. */
    CompletionStage<LinkConnection> connect();

    /** Releases the client (call after closing its connections); never blocks. */
    java.util.concurrent.CompletableFuture<Void> shutdownAsync();

    static RedisTarget of(String linkName, RedisSettings settings, io.lettuce.core.resource.ClientResources resources) {
        return settings.isCluster() ? new ClusterTarget(linkName, settings, resources)
                : new SingleServerTarget(linkName, settings, resources);
    }

    /** A node's URI as every link uses it: named, with a handshake timeout no shorter than {@link #HANDSHAKE_TIMEOUT}. */
    static RedisURI linkUri(String uri, String linkName, RedisSettings settings) {
        RedisURI parsed = RedisURI.create(uri);
        // Named, so an operator (or a test) can tell the gateway's connections apart in CLIENT LIST.
        parsed.setClientName("idgw-" + linkName);
        // The URI timeout bounds the connection handshake; per-command limits come from TimeoutOptions.
        parsed.setTimeout(settings.commandTimeout().compareTo(HANDSHAKE_TIMEOUT) > 0 ? settings.commandTimeout()
                : HANDSHAKE_TIMEOUT);
        return parsed;
    }
}
