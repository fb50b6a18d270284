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
        if (deviceId.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Missing());
        }
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis not connected"));
        }
        String key = keys.forDevice(deviceId.get());
        if (cache != null) {
            ConsentLookup cached = cache.get(key);
            if (cached != null) {
                return Future.succeededFuture(cached);
            }
        }
        RedisBreaker breaker = link.breaker(key);
        if (!breaker.tryAcquire()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis circuit open"));
        }
        ConsentCache.Loading loading = cache == null ? null : cache.begin(key);
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
            if (cache != null) {
                cache.complete(key, loading, lookup);
            }
            return lookup;
        }).otherwise(e -> {
            breaker.failed(start, e);
            return new ConsentLookup.Unavailable(e.getClass().getSimpleName());
        });
    }
}
