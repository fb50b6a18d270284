package dev.idgw.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named, pipelined connection to Redis that the gateway can use from any thread. If Redis is not
 * there at start, the gateway still starts: the link keeps trying in the background and, until it is
 * up, {@link #commands()} is empty and callers fail closed. Once connected, Lettuce reconnects by
 * itself; while disconnected, commands are rejected at once rather than queued.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final long RETRY_MILLIS = 500;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final ScheduledExecutorService retry;
    private final RedisBreaker breaker;
    private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;
    /**
     * A connection whose peer vanished without a FIN or RST (a dead host, a dropped route) stays "open":
     * Lettuce reconnects only when the channel closes, so every command would time out for ~15 min of
     * TCP retransmissions. After this many timeouts in a row the link replaces the connection itself.
     */
    private static final int TIMEOUTS_BEFORE_REPLACING = 5;
    private final java.util.concurrent.atomic.AtomicInteger consecutiveTimeouts = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean replacing = new java.util.concurrent.atomic.AtomicBoolean();

    private RedisLink(String name, RedisSettings settings) {
        this.name = name;
        this.breaker = new RedisBreaker(name, () -> consecutiveTimeouts.set(0), this::noteFailure);
        this.uri = RedisURI.create(settings.uri());
        // Named, so an operator (or a test) can tell the gateway's connections apart in CLIENT LIST.
        this.uri.setClientName("idgw-" + name);
        // The URI timeout also bounds the connection handshake (HELLO), which on a cold JVM can take
        // longer than a hot-path command may; per-command limits come from TimeoutOptions below.
        this.uri.setTimeout(settings.commandTimeout().compareTo(HANDSHAKE_TIMEOUT) > 0 ? settings.commandTimeout()
                : HANDSHAKE_TIMEOUT);
        // Lettuce backs off reconnects up to 30 s by default; an ad gateway wants Redis back within a second.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // RESP3 explicitly: client-side caching needs invalidation pushes on the same connection.
                .protocolVersion(ProtocolVersion.RESP3)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
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
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((conn, error) -> {
            if (error == null) {
                if (closed) {
                    conn.closeAsync();
                    return;
                }
                // Observers see the connection (and its drops) before any caller can use it.
                conn.addListener(new RedisConnectionStateListener() {
                    @Override
                    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                        observers.forEach(ConnectionObserver::disconnected);
                    }
                });
                observers.forEach(o -> o.connected(conn));
                connection = conn;
                consecutiveTimeouts.set(0);
                replacing.set(false);
                LOG.info("redis link '{}' connected", name);
            } else {
                LOG.warn("redis link '{}' not connected yet ({}); retrying", name, error.getClass().getSimpleName());
                if (!closed) {
                    retry.schedule(this::connectNow, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private void noteFailure(Throwable error) {
        if (!(error instanceof io.lettuce.core.RedisCommandTimeoutException)) {
            return;
        }
        if (consecutiveTimeouts.incrementAndGet() >= TIMEOUTS_BEFORE_REPLACING && replacing.compareAndSet(false, true)) {
            LOG.warn("redis link '{}': {} commands in a row timed out; replacing the connection", name,
                    consecutiveTimeouts.get());
            StatefulRedisConnection<String, String> dead = connection;
            connection = null; // callers fail closed until the new connection is up
            observers.forEach(ConnectionObserver::disconnected);
            if (dead != null) {
                dead.closeAsync();
            }
            retry.execute(this::connectNow);
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

    /** Registers an observer; if a connection is already up it is told about it at once. */
    public void observe(ConnectionObserver observer) {
        observers.add(observer);
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            observer.connected(c);
        }
    }

    /** The async command set, or empty while there has never been a connection. */
    public Optional<RedisAsyncCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> c = connection;
        return c == null ? Optional.empty() : Optional.of(c.async());
    }

    /** The circuit breaker callers on the request path consult before each command. */
    public RedisBreaker breaker() {
        return breaker;
    }

    public boolean isConnected() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
