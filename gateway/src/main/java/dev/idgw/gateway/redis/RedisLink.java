package dev.idgw.gateway.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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

    private RedisLink(String name, RedisSettings settings) {
        this.name = name;
        this.cluster = settings.isCluster();
        this.breakers = new ShardBreakers(name, this::replaceSilentConnection);
        // Lettuce backs off reconnects up to 30 s by default; an ad gateway wants Redis back within a second.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                .build();
        this.target = RedisTarget.of(name, settings, resources);
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-connect-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the link, waiting up to {@code wait} for a first connection (call from a non-event-loop thread). */
    public static RedisLink open(String name, RedisSettings settings, Duration wait) {
        RedisLink link = new RedisLink(name, settings);
        link.connectNow();
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
                    retry.schedule(this::connectNow, RETRY_MILLIS, TimeUnit.MILLISECONDS);
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
        retry.execute(this::connectNow);
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

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        LinkConnection c = connection;
        if (c != null) {
            c.stateful().close();
        }
        target.shutdown();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
