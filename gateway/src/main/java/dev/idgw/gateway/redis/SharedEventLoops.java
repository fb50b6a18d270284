package dev.idgw.gateway.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce an event loop group someone else owns (Vert.x's), so Redis replies are read on the
 * threads that serve requests instead of on Lettuce threads of its own. Lettuce asks for a group by
 * type (with NIO, {@code MultiThreadIoEventLoopGroup}) when a client opens its first connection, and
 * "releases" or "shuts down" it when the client or its resources close: the owner's group is returned
 * for the type and never closed here; its owner closes it, after the links on it (see
 * {@link RedisLink#open(String, RedisSettings, java.time.Duration, io.vertx.core.Vertx)}).
 */
final class SharedEventLoops implements EventLoopGroupProvider {
    private final EventLoopGroup group;

    SharedEventLoops(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        if (!type.isInstance(group)) {
            // e.g. a native group for a domain socket: handing the NIO group over would fail later, obscurely
            throw new IllegalStateException("Lettuce asked for a " + type.getSimpleName() + ", the shared event loops are a "
                    + group.getClass().getSimpleName());
        }
        return type.cast(group);
    }

    @Override
    public int threadPoolSize() {
        int threads = 0;
        for (EventExecutor ignored : group) {
            threads++;
        }
        return threads;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true); // not ours to close
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true); // not ours to close
    }
}
