package dev.idgw.gateway.ops;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ShareLog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whether this instance should get ad traffic: both Redis links connected with their breakers not
 * open, the share log writable (its chain head known and no append failed since), the keys loaded,
 * and the warm-up done. A gateway that is not ready still answers every ad request (stripped, if it
 * cannot record); readiness tells the load balancer to prefer another instance meanwhile. The checks
 * only read state, so answering is cheap; {@link RedisProbe} keeps that state fresh while no ad
 * traffic arrives, which is exactly when a not-ready instance would otherwise never learn it recovered.
 */
public final class Readiness {
    private final List<RedisLink> links;
    private final ShareLog shareLog;
    private final Supplier<?> keys;
    private volatile boolean warm;

    /** @param keys the loaded key snapshot (null: none) */
    public Readiness(List<RedisLink> links, ShareLog shareLog, Supplier<?> keys) {
        this.links = List.copyOf(links);
        this.shareLog = shareLog;
        this.keys = keys;
    }

    /** The warm-up has run: the gateway is about to open (or has opened) its player port. */
    public void warmedUp() {
        warm = true;
    }

    public ReadinessReport check() {
        List<ReadinessReport.Check> checks = new ArrayList<>(links.size() + 3);
        for (RedisLink link : links) {
            checks.add(new ReadinessReport.Check("redis." + link.name(), redisProblem(link)));
        }
        checks.add(new ReadinessReport.Check("ledger", shareLog.writable() ? null
                : "share log not writable: an append failed, the chain head is not read yet or the writer lease is not held"));
        checks.add(new ReadinessReport.Check("keys", keys.get() != null ? null : "keys not loaded"));
        checks.add(new ReadinessReport.Check("warmup", warm ? null : "warming up"));
        return new ReadinessReport(checks);
    }

    private static String redisProblem(RedisLink link) {
        if (!link.isConnected()) {
            return "not connected";
        }
        CircuitBreaker.State state = link.breakerState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return "circuit breaker open";
        }
        return null;
    }
}
