package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * Reads consent from Redis in one round trip (HGETALL), off the event loop: Lettuce answers on its
 * own threads and the result is handed back to the caller's Vert.x context. Never fails: every
 * problem becomes a {@link ConsentLookup} outcome that strips.
 */
public final class ConsentStore {
    private final RedisLink link;
    private final ConsentKeys keys;

    public ConsentStore(RedisLink link, ConsentKeys keys) {
        this.link = link;
        this.keys = keys;
    }

    public Future<ConsentLookup> lookup(Optional<String> deviceId, Context context) {
        if (deviceId.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Missing());
        }
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis not connected"));
        }
        RedisBreaker breaker = link.breaker();
        if (!breaker.tryAcquire()) {
            return Future.succeededFuture(new ConsentLookup.Unavailable("redis circuit open"));
        }
        long start = System.nanoTime();
        Future<Map<String, String>> read;
        try {
            read = Future.fromCompletionStage(commands.get().hgetall(keys.forDevice(deviceId.get())), context);
        } catch (RuntimeException e) {
            breaker.failed(start, e);
            return Future.succeededFuture(new ConsentLookup.Unavailable(e.getClass().getSimpleName()));
        }
        return read.map(fields -> {
            breaker.succeeded(start);
            return ConsentRecordCodec.decode(fields);
        }).otherwise(e -> {
            breaker.failed(start, e);
            return new ConsentLookup.Unavailable(e.getClass().getSimpleName());
        });
    }
}
