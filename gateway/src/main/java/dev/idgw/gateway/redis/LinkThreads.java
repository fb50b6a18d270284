package dev.idgw.gateway.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.Transports;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a {@link RedisLink}'s connections are read and written on: Vert.x's event loops in the
 * gateway, or I/O threads of the link's own where there is no Vert.x (offline tools).
 *
 * <p>On Vert.x's loops a reply is decoded on an event loop and a request continues there at once when
 * its context is on the same loop (one hop between loops otherwise), instead of being read on a Lettuce
 * thread and handed over: no extra threads competing for the cores and no wake-up of a second set of
 * threads per reply. The price: whatever runs in a Lettuce callback now runs on an event loop, so
 * nothing may ever wait there for a Redis reply (it would wait for itself).
 */
final class LinkThreads {
    private static final Logger LOG = LoggerFactory.getLogger(LinkThreads.class);
    /**
     * Lettuce's event bus, reconnect scheduling and cluster topology refresh: light work, kept off the
     * loops; 2 is the least Lettuce accepts.
     */
    private static final int COMPUTATION_THREADS = 2;
    private static final int OWN_IO_THREADS = 2;

    private LinkThreads() {
    }

    /** Lettuce's own I/O threads, for a link used without Vert.x. */
    static ClientResources own() {
        return base().ioThreadPoolSize(OWN_IO_THREADS).build();
    }

    /**
     * Vert.x's event loops, when Lettuce can use them: Vert.x on its default NIO transport and Lettuce
     * on NIO sockets (no native transport on the class path). Otherwise the link's own threads, said once
     * in the log.
     */
    static ClientResources onEventLoopsOf(Vertx vertx) {
        if (!(vertx instanceof VertxInternal internal) || vertx.isNativeTransportEnabled()
                || Transports.socketChannelClass() != NioSocketChannel.class) {
            LOG.warn("redis links use threads of their own: Vert.x's event loops are only shared on the NIO transport");
            return own();
        }
        return base().eventLoopGroupProvider(new SharedEventLoops(internal.nettyEventLoopGroup())).build();
    }

    /** True when {@code resources} read and write on event loops someone else owns. */
    static boolean shared(ClientResources resources) {
        return resources.eventLoopGroupProvider() instanceof SharedEventLoops;
    }

    private static DefaultClientResources.Builder base() {
        return DefaultClientResources.builder()
                .computationThreadPoolSize(COMPUTATION_THREADS)
                // Lettuce backs off reconnects up to 30 s by default; an ad gateway wants Redis back within a second.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS));
    }
}
