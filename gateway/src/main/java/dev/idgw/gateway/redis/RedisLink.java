package dev.idgw.gateway.redis;

import dev.idgw.gateway.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named, pipelined connection to Redis, a single server or a Redis Cluster (see
 * {@link RedisSettings}), that the gateway can use from any thread. If Redis is not there at start,
 * the gateway still starts: the link keeps trying in the background and, until it is up,
 * {@link #commands()} is empty and callers fail closed. Once connected, Lettuce reconnects by itself
 * (on a cluster, node by node); while disconnected, commands are rejected at once rather than queued.
 *
 * <p>Threads: opened with a {@link Vertx}, the link reads and writes on Vert.x's event loops (see
 * {@link LinkThreads}), so a command's future completes on an event loop and <em>nothing may wait for a
 * reply on one</em>; without, on I/O threads of its own (offline tools). Either way the futures must
 * not be blocked on from a Lettuce callback.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final long RETRY_MILLIS = 500;

    private final String name;
    private final boolean cluster;
    private final ClientResources resources;
    private final RedisTarget target;
    private final ScheduledExecutorService retry;
    private final ShardBreakers breakers;
    private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private volatile LinkConnection connection;
    private volatile boolean closed;
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final VertxInternal vertx; // null unless the link runs on its event loops
    private final io.vertx.core.Closeable closeWithVertx = done -> closeAsync().whenComplete((v, e) -> done.succeed());
    private CompletableFuture<Void> closing; // guarded by this

    private RedisLink(String name, RedisSettings settings, ClientResources resources, VertxInternal vertx,
                      Ticker ticker) {
        this.name = name;
        this.cluster = settings.isCluster();
        this.breakers = new ShardBreakers(name, ticker, this::replaceSilentConnection);
        this.resources = resources;
        this.vertx = vertx;
        this.target = RedisTarget.of(name, settings, resources);
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-connect-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a link on I/O threads of its own, for tools without Vert.x; waits up to {@code wait} for a
     * first connection (call from a thread that may block).
     */
    public static RedisLink open(String name, RedisSettings settings, Duration wait) {
        return open(new RedisLink(name, settings, LinkThreads.own(), null, Ticker.SYSTEM), wait);
    }

    /**
     * Opens a link on {@code vertx}'s event loops; waits up to {@code wait} for a first connection (call
     * from a thread that may block, never from an event loop). The link closes itself when Vert.x closes,
     * before Vert.x stops its loops, if it was not closed before. Its breakers read {@link Ticker#SYSTEM}.
     */
    public static RedisLink open(String name, RedisSettings settings, Duration wait, Vertx vertx) {
        return open(name, settings, wait, vertx, Ticker.SYSTEM);
    }

    /** As {@link #open(String, RedisSettings, Duration, Vertx)}, with breakers that read {@code ticker}. */
    public static RedisLink open(String name, RedisSettings settings, Duration wait, Vertx vertx, Ticker ticker) {
        ClientResources resources = LinkThreads.onEventLoopsOf(vertx);
        RedisLink link = new RedisLink(name, settings, resources,
                LinkThreads.shared(resources) ? (VertxInternal) vertx : null, ticker);
        if (link.vertx != null) {
            link.vertx.addCloseHook(link.closeWithVertx);
        }
        return open(link, wait);
    }

    private static RedisLink open(RedisLink link, Duration wait) {
        link.connectNow();
        // Real time, not the breakers' ticker: this sleeps in real time for a real connection.
        long deadline = System.nanoTime() + wait.toNanos();
        while (link.connection == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return link;
    }

    private void connectNow() {
        if (closed) {
            return;
        }
        target.connect().whenComplete((conn, error) -> {
            if (error == null) {
                if (closed) {
                    conn.stateful().closeAsync();
                    return;
                }
                // Observers see the connection (and its drops) before any caller can use it.
                if (conn instanceof LinkConnection.Single single) {
                    conn.onDisconnect(() -> observers.forEach(ConnectionObserver::disconnected));
                    observers.forEach(o -> o.connected(single.stateful()));
                }
                connection = conn;
                breakers.connectionReplaced();
                replacing.set(false);
                LOG.info("redis link '{}' connected{}", name, cluster ? " (cluster)" : "");
            } else {
                LOG.warn("redis link '{}' not connected yet ({}); retrying", name, causes(error));
                if (!closed) {
                    onRetryThread(() -> retry.schedule(this::connectNow, RETRY_MILLIS, TimeUnit.MILLISECONDS));
                }
            }
        });
    }

    /** The exception types down the cause chain (their messages may quote a node's reply: not logged). */
    private static String causes(Throwable error) {
        StringBuilder out = new StringBuilder(error.getClass().getSimpleName());
        for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append(" <- ").append(c.getClass().getSimpleName());
        }
        return out.toString();
    }

    /** A shard's commands timed out too often in a row: its connection died silently, so start afresh. */
    private void replaceSilentConnection(int timeoutsInARow) {
        if (!replacing.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("redis link '{}': {} commands in a row timed out; replacing the connection", name, timeoutsInARow);
        LinkConnection dead = connection;
        connection = null; // callers fail closed until the new connection is up
        observers.forEach(ConnectionObserver::disconnected);
        if (dead != null) {
            dead.stateful().closeAsync();
        }
        onRetryThread(() -> retry.execute(this::connectNow));
    }

    private void onRetryThread(Runnable submit) {
        try {
            submit.run();
        } catch (RejectedExecutionException closedMeanwhile) {
            // the link closed: nothing to connect any more
        }
    }

    /**
     * Something that keeps per-connection state (a tracking session, push listeners): told about every
     * new connection before callers can use it, and about every drop, also a silent one this link
     * detected itself. Both calls come from Lettuce or link threads and must not block.
     */
    public interface ConnectionObserver {
        void connected(StatefulRedisConnection<String, String> connection);

        void disconnected();
    }

    /**
     * Registers an observer; if a connection is already up it is told about it at once. Single server
     * only: on a cluster, per-connection state would have to follow every node's connection.
     *
     * @throws UnsupportedOperationException on a cluster link
     */
    public void observe(ConnectionObserver observer) {
        if (cluster) {
            throw new UnsupportedOperationException("connection observers are not supported on a Redis Cluster link");
        }
        observers.add(observer);
        if (connection instanceof LinkConnection.Single single) {
            observer.connected(single.stateful());
        }
    }

    /**
     * The async command set, or empty while there has never been a connection. On a cluster it routes
     * each command to the master owning its key's slot (KEYS and SCAN go over every master); a command
     * that names several keys, and every script, must keep them on one slot (hash tags).
     */
    public Optional<RedisClusterAsyncCommands<String, String>> commands() {
        LinkConnection c = connection;
        return c == null ? Optional.empty() : Optional.of(c.commands());
    }

    /** True when this link runs on a Redis Cluster. */
    public boolean isCluster() {
        return cluster;
    }

    /**
     * The circuit breaker to consult before a command on {@code key}: the breaker of the master owning
     * its slot on a cluster, so one dead master does not cut off the others; the link's only breaker on
     * a single server.
     */
    public RedisBreaker breaker(String key) {
        LinkConnection c = connection;
        return breakers.of(c == null ? LinkConnection.ONLY_SHARD : c.shardOf(key));
    }

    /**
     * The most alarming state among this link's breakers (open, else half-open, else closed): one per
     * master on a cluster, for readiness and metrics.
     */
    public CircuitBreaker.State breakerState() {
        return breakers.worstState();
    }

    /** The link's name from the composition root ({@code consent}, {@code sharelog}), for logs, metrics and health. */
    public String name() {
        return name;
    }

    /** The circuit breaker of a single-server link (on a cluster, use {@link #breaker(String)}). */
    public RedisBreaker breaker() {
        return breakers.of(LinkConnection.ONLY_SHARD);
    }

    public boolean isConnected() {
        LinkConnection c = connection;
        return c != null && c.isOpen();
    }

    /** True when the link reads and writes on Vert.x's event loops rather than on threads of its own. */
    public boolean onVertxEventLoops() {
        return vertx != null;
    }

    /**
     * Closes the link and waits (bounded) until it is closed, except on an event loop: there it only
     * starts closing, since the close may need that very thread. Close links before their Vert.x.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        if (Context.isOnEventLoopThread()) {
            return;
        }
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("redis link '{}' did not close cleanly ({})", name, e.getClass().getSimpleName());
        }
    }

    /**
     * Closes the connection, then the client, then the link's Lettuce resources (never Vert.x's loops);
     * never blocks. The last step (it stops Lettuce's timer thread, which waits) runs on the link's own
     * thread, not on the event loop the connection's close completes on. Idempotent.
     */
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closing != null) {
            return closing;
        }
        closed = true;
        if (vertx != null) {
            vertx.removeCloseHook(closeWithVertx);
        }
        LinkConnection c = connection;
        CompletableFuture<Void> connectionClosed = c == null ? CompletableFuture.completedFuture(null)
                : c.stateful().closeAsync();
        closing = connectionClosed.handle((v, e) -> null)
                .thenCompose(v -> target.shutdownAsync().handle((x, e) -> null))
                .thenComposeAsync(v -> {
                    CompletableFuture<Void> stopped = new CompletableFuture<>();
                    resources.shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> stopped.complete(null));
                    return stopped;
                }, retry)
                .whenComplete((v, e) -> retry.shutdown());
        return closing;
    }
}
