package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.RedisCommandExecutionException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.List;
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
 * request was the device's first with GPC and names the account the device is linked to when this device's
 * signal has not reached it yet (the same script reads the device's consent record: same hash tag, same slot),
 * which is where turning the account's choice to opt-out composes.
 */
public final class GpcSightings {
    /** KEYS: opt-out facts, consent record. ARGV: now ms. Returns {first 1/0, linked account or "", account reached or "", jurisdiction or ""}. */
    private static final String SIGHT = """
            local first = redis.call('HSETNX', KEYS[1], 'gpc', ARGV[1])
            local account = redis.call('HGET', KEYS[2], 'acct') or ''
            local reached = redis.call('HGET', KEYS[1], 'acct') or ''
            return {first, account, reached, redis.call('HGET', KEYS[2], 'jur') or ''}
            """;

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
        /** The account this device's signal still has to reach (linked, not yet reached); empty otherwise. */
        default Optional<String> accountToReach() {
            return Optional.empty();
        }

        /**
         * The device's first ad request with GPC: {@code since} is now stored. {@code jurisdiction}: the region
         * its consent record names, "" without one.
         */
        record First(Instant since, Optional<String> accountToReach, String jurisdiction) implements Sighting {
        }

        /** An earlier request already set the time; it stays. */
        record SeenBefore(Optional<String> accountToReach, String jurisdiction) implements Sighting {
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
        Future<List<Object>> set;
        try {
            set = Future.fromCompletionStage(commands.get().<List<Object>>eval(SIGHT, ScriptOutputType.MULTI,
                    new String[] {key, keys.forDevice(deviceId)}, Long.toString(now.toEpochMilli())), context);
        } catch (RuntimeException e) {
            breaker.failed(start, e);
            return Future.succeededFuture(new Sighting.NotRecorded(e.getClass().getSimpleName()));
        }
        return set.<Sighting>map(reply -> {
            breaker.succeeded(start);
            String account = String.valueOf(reply.get(1));
            Optional<String> toReach = account.isEmpty() || account.equals(String.valueOf(reply.get(2)))
                    ? Optional.empty() : Optional.of(account);
            String jurisdiction = String.valueOf(reply.get(3));
            return ((Long) reply.get(0)) == 1L ? new Sighting.First(now, toReach, jurisdiction)
                    : new Sighting.SeenBefore(toReach, jurisdiction);
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

    /** Notes that this device's signal has reached {@code accountId} (its later GPC requests leave the account alone). */
    public Future<Void> reached(String deviceId, String accountId, Context context) {
        return link.commands().map(c -> Future.fromCompletionStage(c.hset(keys.optOutSignalForDevice(deviceId),
                        ConsentKeys.SIGNAL_REACHED_ACCOUNT, accountId), context).<Void>mapEmpty())
                .orElseGet(() -> Future.failedFuture(new IllegalStateException("redis not connected")));
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
