package dev.idgw.gateway.ops;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ShareLog;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps readiness honest without ad traffic. Every {@link #EVERY_MILLIS} it sends a PING through the
 * breaker of each Redis link that no command used meanwhile, so a hung or vanished Redis opens the
 * breaker (and, after a few timeouts in a row, makes the link replace its connection), and a recovered
 * one closes it again; and it asks the share log to re-read its chain head if an append failed.
 * Without this an instance that went not-ready would get no traffic from the load balancer, hence no
 * command that could show Redis is back, and stay not-ready for good. A link in use is left alone: its
 * own commands keep its breaker current, and extra PINGs would change how fast it gives up on a bad
 * connection under load. Never blocks: the PING is asynchronous, at most one per link is in flight,
 * and the re-read runs on the share log's own thread.
 */
public final class RedisProbe implements AutoCloseable {
    static final long EVERY_MILLIS = 250;
    /** A link whose breaker was asked less recently than this counts as idle. */
    private static final long IDLE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(EVERY_MILLIS / 2);

    private final Vertx vertx;
    private final List<RedisLink> links;
    private final AtomicBoolean[] inFlight;
    private final ShareLog shareLog;
    private final long timer;

    private RedisProbe(Vertx vertx, List<RedisLink> links, ShareLog shareLog) {
        this.vertx = vertx;
        this.links = List.copyOf(links);
        this.shareLog = shareLog;
        this.inFlight = new AtomicBoolean[links.size()];
        for (int i = 0; i < inFlight.length; i++) {
            inFlight[i] = new AtomicBoolean();
        }
        this.timer = vertx.setPeriodic(EVERY_MILLIS, id -> tick());
    }

    public static RedisProbe start(Vertx vertx, List<RedisLink> links, ShareLog shareLog) {
        return new RedisProbe(vertx, links, shareLog);
    }

    private void tick() {
        for (int i = 0; i < inFlight.length; i++) {
            ping(links.get(i), inFlight[i]);
        }
        shareLog.resyncIfUnwritable();
    }

    private static void ping(RedisLink link, AtomicBoolean busy) {
        var commands = link.commands();
        RedisBreaker breaker = link.breaker();
        if (commands.isEmpty() || breaker.idleNanos() < IDLE_NANOS || !busy.compareAndSet(false, true)) {
            return; // not connected (the link reconnects by itself), in use, or the last PING still out
        }
        if (!breaker.tryAcquire()) {
            busy.set(false);
            return;
        }
        long start = breaker.nanos();
        try {
            commands.get().ping().whenComplete((pong, error) -> {
                if (error == null) {
                    breaker.succeeded(start);
                } else {
                    breaker.failed(start, error instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : error);
                }
                busy.set(false);
            });
        } catch (RuntimeException e) {
            breaker.failed(start, e);
            busy.set(false);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
