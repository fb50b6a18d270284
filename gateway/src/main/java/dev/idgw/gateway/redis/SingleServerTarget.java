package dev.idgw.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One Redis server ({@code redis.uri}). */
final class SingleServerTarget implements RedisTarget {
    private final RedisClient client;
    private final RedisURI uri;

    SingleServerTarget(String linkName, RedisSettings settings, ClientResources resources) {
        this.uri = RedisTarget.linkUri(settings.uri(), linkName, settings);
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // RESP3 explicitly: client-side caching needs invalidation pushes on the same connection.
                .protocolVersion(ProtocolVersion.RESP3)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
    }

    @Override
    public CompletionStage<LinkConnection> connect() {
        return client.connectAsync(StringCodec.UTF8, uri).thenApply(LinkConnection.Single::new);
    }

    @Override
    public CompletableFuture<Void> shutdownAsync() {
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS);
    }
}
