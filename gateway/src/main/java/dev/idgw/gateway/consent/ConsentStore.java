package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * Reads consent: from the {@link ConsentCache} when it holds a trusted answer, else from Redis in one
 * round trip (HGETALL) on the tracked consent connection, off the event loop: Lettuce answers on its
 * own threads and the result is handed back to the caller's Vert.x context. Never fails: every
 * problem becomes a {@link ConsentLookup} outcome that strips, and such outcomes are never cached.
 */
public final class ConsentStore {
    private final RedisLink link;
    private final ConsentKeys keys;
    private final ConsentCache cache; // null: no cache

    public ConsentStore(RedisLink link, ConsentKeys keys, ConsentCache cache) {
        this.link = link;
        this.keys = keys;
        this.cache = cache;
    }

    /** Without a cache: every lookup reads Redis. */
    public ConsentStore(RedisLink link, ConsentKeys keys) {
        this(link, keys, null);
    }

    public Future<ConsentLookup> lookup(Optional<String> deviceId, Context context) {
        return lookup(deviceId, context, cache);
    }

    /**
     * As {@link #lookup}, read from Redis without the cache: neither served from it nor filling it, and not
     * counted in its hits or misses. For the operator's preview, which must show what Redis holds now and
     * leave the ad path's cache exactly as it was. (The read still goes through the shard's breaker, as any
     * consent read does, and on the tracked connection, as the consent API's reads do: Redis may later send an
     * invalidation for the key, which drops nothing that was not going to be dropped.)
     */
    public Future<ConsentLookup> peek(Optional<String> deviceId, Context context) {
        return lookup(deviceId, context, null);
    }

    /** @param usedCache the cache to read and fill, or null: Redis only */
    private Future<ConsentLookup> lookup(Optional<String> deviceId, Context context, ConsentCache usedCache) {
        if (deviceId.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Missing());
        }
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis not connected"));
        }
        String key = keys.forDevice(deviceId.get());
        if (usedCache != null) {
            ConsentLookup cached = usedCache.get(key);
            if (cached != null) {
                return Future.succeededFuture(cached);
            }
        }
        RedisBreaker breaker = link.breaker(key);
        if (!breaker.tryAcquire()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis circuit open"));
        }
        ConsentCache.Loading loading = usedCache == null ? null : usedCache.begin(key);
        long start = breaker.nanos();
        Future<Map<String, String>> read;
        try {
            read = Future.fromCompletionStage(commands.get().hgetall(key), context);
        } catch (RuntimeException e) {
            breaker.failed(start, e);
            return Future.succeededFuture(new ConsentLookup.Unavailable(e.getClass().getSimpleName()));
        }
        return read.map(fields -> {
            breaker.succeeded(start);
            ConsentLookup lookup = ConsentRecordCodec.decode(fields);
            if (usedCache != null) {
                usedCache.complete(key, loading, lookup);
            }
            return lookup;
        }).otherwise(e -> {
            breaker.failed(start, e);
            return new ConsentLookup.Unavailable(e.getClass().getSimpleName());
        });
    }
}
