package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.RedisCommandExecutionException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers, per device, that an ad request carried Global Privacy Control and when the first one did, so the
 * consent view can show since when the device's opt-out signal is honored (11 CCR §7025(c)(6)). One HSETNX on
 * {@code <prefix>:optout:{<deviceId>}} ({@link ConsentKeys#optOutSignalForDevice}): the first time is set once
 * and a later request cannot move it.
 *
 * <p>Off the critical path: callers fire it once the partners have been called and never wait for it, and it
 * never fails: every problem is a {@link Sighting.NotRecorded}, which the ad answer does not depend on (the
 * signal is applied per request by the decision; this only remembers it). The outcome says whether this
 * request was the device's first with GPC, which is where a step that acts on the signal beyond the request
 * (turning a linked account's choice to opt-out) composes.
 */
public final class GpcSightings {
    private final RedisLink link;
    private final ConsentKeys keys;
    private final Clock clock;

    public GpcSightings(RedisLink link, ConsentKeys keys, Clock clock) {
        this.link = link;
        this.keys = keys;
        this.clock = clock;
    }

    /** What recording one request's GPC came to. */
    public sealed interface Sighting {
        /** The device's first ad request with GPC: {@code since} is now stored. */
        record First(Instant since) implements Sighting {
        }

        /** An earlier request already set the time; it stays. */
        record SeenBefore() implements Sighting {
        }

        /** Not stored (Redis down, slow, or refusing); {@code cause} is an exception type, never an identifier. */
        record NotRecorded(String cause) implements Sighting {
        }
    }

    /** Records that {@code deviceId}'s request carried GPC now; completes on {@code context}, never fails. */
    public Future<Sighting> record(String deviceId, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.succeededFuture(new Sighting.NotRecorded("redis not connected"));
        }
        String key = keys.optOutSignalForDevice(deviceId);
        RedisBreaker breaker = link.breaker(key);
        if (!breaker.tryAcquire()) {
            return Future.succeededFuture(new Sighting.NotRecorded("redis circuit open"));
        }
        Instant now = clock.instant();
        long start = breaker.nanos();
        Future<Boolean> set;
        try {
            set = Future.fromCompletionStage(commands.get().hsetnx(key, ConsentKeys.GPC_FIRST_SEEN,
                    Long.toString(now.toEpochMilli())), context);
        } catch (RuntimeException e) {
            breaker.failed(start, e);
            return Future.succeededFuture(new Sighting.NotRecorded(e.getClass().getSimpleName()));
        }
        return set.<Sighting>map(first -> {
            breaker.succeeded(start);
            return first ? new Sighting.First(now) : new Sighting.SeenBefore();
        }).otherwise(e -> {
            // An error reply (say WRONGTYPE) means Redis answered: it must not open the breaker that consent reads use.
            if (e instanceof RedisCommandExecutionException) {
                breaker.succeeded(start);
            } else {
                breaker.failed(start, e);
            }
            return new Sighting.NotRecorded(e.getClass().getSimpleName());
        });
    }

    /** The stored first time, from the {@link ConsentKeys#GPC_FIRST_SEEN} field's value; empty when unreadable. */
    public static Optional<Instant> since(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(stored)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
