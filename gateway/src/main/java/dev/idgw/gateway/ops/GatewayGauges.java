package dev.idgw.gateway.ops;

import dev.idgw.gateway.consent.ConsentCache;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.Checkpointer;
import dev.idgw.gateway.sharelog.ShareLog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * State read at scrape time, never on the request path: Redis links and breakers (partner breakers are
 * with {@link PartnerMeters}, since partners come and go with a policy reload), the consent cache, the share log and its checkpoints, overload, readiness. Registered once at start; the
 * objects are held strongly (Micrometer's default weak reference would turn a gauge into NaN if the
 * gauge were all that kept its object).
 */
public final class GatewayGauges {
    private final MeterRegistry registry;

    public GatewayGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** 0 closed, 1 open, 2 half-open (a few calls let through to test recovery). */
    static double breakerValue(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        };
    }

    public GatewayGauges redis(RedisLink link) {
        gauge("idgw.redis.connected", "1 while the Redis link has a connection", link,
                l -> l.isConnected() ? 1 : 0, "link", link.name());
        gauge("idgw.redis.breaker.state", "Redis link breaker: 0 closed, 1 open, 2 half-open", link,
                l -> breakerValue(l.breakerState()), "link", link.name());
        return this;
    }

    /** Nothing when the cache is off (null). */
    public GatewayGauges consentCache(ConsentCache cache) {
        if (cache == null) {
            return this;
        }
        counter("idgw.consent.cache.hits", "Consent lookups answered from the cache", cache, ConsentCache::hits);
        counter("idgw.consent.cache.misses", "Consent lookups that went to Redis", cache, ConsentCache::misses);
        gauge("idgw.consent.cache.trusted", "1 while the cache may be served (tracking on and fresh)", cache,
                c -> c.trusted() ? 1 : 0);
        return this;
    }

    public GatewayGauges shareLog(ShareLog shareLog, Checkpointer checkpointer) {
        counter("idgw.sharelog.batches", "Append script calls (one Redis round trip and fsync each)", shareLog,
                ShareLog::batches);
        counter("idgw.sharelog.batch.entries", "Entries those calls carried (entries / batches = mean batch size)",
                shareLog, ShareLog::batchedEntries);
        gauge("idgw.sharelog.writable", "1 while appends can go out (chain head known, no append failed since)",
                shareLog, s -> s.writable() ? 1 : 0);
        gauge("idgw.sharelog.checkpoint.lag.entries", "Acknowledged entries not yet covered by a signed checkpoint",
                checkpointer, c -> {
                    Checkpoint last = c.lastCheckpoint();
                    return Math.max(0, shareLog.acknowledgedHead().seq() - (last == null ? 0 : last.seq()));
                });
        return this;
    }

    /**
     * The overload guard's two readings, as suppliers: meters read what the edge measures without
     * depending on the edge (which mounts the meters' routes).
     */
    public GatewayGauges overload(IntSupplier inFlight, LongSupplier worstLagMillis) {
        gauge("idgw.player.in.flight", "Ad requests in progress (shed past server.maxInFlight)", inFlight,
                IntSupplier::getAsInt);
        gauge("idgw.event.loop.lag.seconds", "How late the latest event-loop tick fired, worst loop", worstLagMillis,
                lag -> lag.getAsLong() / 1000.0);
        return this;
    }

    public GatewayGauges readiness(Readiness readiness) {
        gauge("idgw.ready", "1 while /health/ready answers 200", readiness, r -> r.check().ready() ? 1 : 0);
        return this;
    }

    private <T> void gauge(String name, String description, T target, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, target, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    private <T> void counter(String name, String description, T target, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, target, value).description(description).register(registry);
    }
}
