package dev.idgw.gateway.redis;

import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * One open connection of a {@link RedisLink}: to a single server, or to a Redis Cluster (which holds
 * a connection per node inside and routes each command by its key's slot). Callers see one command
 * set either way.
 */
sealed interface LinkConnection permits LinkConnection.Single, LinkConnection.Cluster {
    /** The shard of a single server: there is only one. */
    String ONLY_SHARD = "";
    /** A slot no node owns right now (a topology change in flight): its own shard, so it fails alone. */
    String UNASSIGNED_SHARD = "unassigned";

    StatefulConnection<String, String> stateful();

    RedisClusterAsyncCommands<String, String> commands();

    /** What fails together with {@code key}: the node that owns its slot (always the same shard on one server). */
    String shardOf(String key);

    default boolean isOpen() {
        return stateful().isOpen();
    }

    default void onDisconnect(Runnable action) {
        stateful().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> handler) {
                action.run();
            }
        });
    }

    record Single(StatefulRedisConnection<String, String> stateful) implements LinkConnection {
        @Override
        public RedisClusterAsyncCommands<String, String> commands() {
            return stateful.async();
        }

        @Override
        public String shardOf(String key) {
            return ONLY_SHARD;
        }
    }

    record Cluster(StatefulRedisClusterConnection<String, String> stateful) implements LinkConnection {
        @Override
        public RedisClusterAsyncCommands<String, String> commands() {
            // The advanced command set: multi-key commands split by slot, KEYS/SCAN go over every master.
            return stateful.async();
        }

        @Override
        public String shardOf(String key) {
            // Lettuce's own slot table (an array lookup), refreshed with the topology.
            RedisClusterNode owner = stateful.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            return owner == null ? UNASSIGNED_SHARD : owner.getNodeId();
        }
    }
}
