package dev.idgw.gateway.consent;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Account-wide advertising choices: one choice written on every device linked to an account, each device
 * atomically, whether it came from the consent API ("on all my devices") or from a linked device's Global
 * Privacy Control (11 CCR §7025(c)(1): the opt-out reaches every profile associated with the consumer).
 *
 * <p>Later choice wins, by the time it was made: a device record changed after {@code at} keeps its choice,
 * so a slow GPC follow-up cannot undo an opt-in the person made after the signal.
 */
public final class AccountChoices {
    /** KEYS: record. ARGV: ad, ts. Only an existing record not changed after ts; returns the new v, 0 or -1. */
    private static final String SET_AD = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            if tonumber(redis.call('HGET', KEYS[1], 'ts') or '0') > tonumber(ARGV[2]) then return -1 end
            local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') + 1
            redis.call('HSET', KEYS[1], 'ad', ARGV[1], 'ts', ARGV[2], 'v', v)
            return v
            """;
    /**
     * KEYS: account choice, account devices. ARGV: signal ms, source pseudonym. Records the first signal once per
     * account; returns {1 if this call recorded it else 0, the first signal's ms, its source, device…}.
     */
    private static final String TURN_BY_SIGNAL = """
            local now = 0
            if redis.call('HSETNX', KEYS[1], 'gpc', ARGV[1]) == 1 then
              redis.call('HSET', KEYS[1], 'gpcSource', ARGV[2])
              now = 1
            end
            local r = redis.call('SMEMBERS', KEYS[2])
            table.insert(r, 1, redis.call('HGET', KEYS[1], 'gpcSource') or '')
            table.insert(r, 1, redis.call('HGET', KEYS[1], 'gpc'))
            table.insert(r, 1, now)
            return r
            """;

    private final RedisLink link;
    private final ConsentKeys keys;
    private final Consumer<String> written;

    /** @param written told the key of every device record written (this instance's consent cache drops it) */
    public AccountChoices(RedisLink link, ConsentKeys keys, Consumer<String> written) {
        this.link = link;
        this.keys = keys;
        this.written = written;
    }

    /** What a linked device's opt-out signal did to its account. */
    public sealed interface SignalTurn {
        /** This device's signal (at {@code since}) turned the account to opt-out: {@code devicesChanged} records now say no. */
        record Turned(int devicesChanged, Instant since) implements SignalTurn {
        }

        /** An earlier signal already did, at {@code since}; whatever the account chose after that stands. */
        record AlreadyTurned(Instant since) implements SignalTurn {
        }
    }

    /** Writes {@code adConsent} at time {@code at} on every device linked to the account; completes with how many changed. */
    public Future<Integer> setOnAllDevices(String accountId, boolean adConsent, Instant at, Context context) {
        return commands().compose(c -> Future.fromCompletionStage(c.smembers(keys.accountDevices(accountId)), context)
                .compose(devices -> setAd(c, new ArrayList<>(devices), adConsent, at, context)));
    }

    /**
     * Turns the account to opt-out because a linked device sent GPC at {@code at}, once per account: a signal
     * from another of its devices later finds {@link SignalTurn.AlreadyTurned} and leaves the account's choice
     * alone. The device whose signal turned it gets {@link SignalTurn.Turned} again until it notes that it
     * reached the account (a follow-up cut short by a Redis failure finishes on its next GPC request; the device
     * writes keep the first signal's time, so they cannot undo a choice made after it).
     */
    public Future<SignalTurn> turnBySignal(String accountId, Instant at, String sourcePseudonym, Context context) {
        return commands().compose(c -> Future.fromCompletionStage(c.<List<Object>>eval(TURN_BY_SIGNAL,
                        ScriptOutputType.MULTI, new String[] {keys.accountChoice(accountId), keys.accountDevices(accountId)},
                        Long.toString(at.toEpochMilli()), sourcePseudonym), context)
                .compose(reply -> {
                    Instant since = Instant.ofEpochMilli(Long.parseLong(String.valueOf(reply.get(1))));
                    boolean ours = ((Long) reply.get(0)) == 1L || sourcePseudonym.equals(String.valueOf(reply.get(2)));
                    if (!ours) {
                        return Future.succeededFuture(new SignalTurn.AlreadyTurned(since));
                    }
                    List<String> devices = new ArrayList<>(reply.size() - 3);
                    for (Object device : reply.subList(3, reply.size())) {
                        devices.add(String.valueOf(device));
                    }
                    return setAd(c, devices, false, since, context).map(n -> new SignalTurn.Turned(n, since));
                }));
    }

    private Future<Integer> setAd(RedisClusterAsyncCommands<String, String> c, List<String> devices, boolean adConsent,
                                  Instant at, Context context) {
        List<Future<Long>> writes = new ArrayList<>(devices.size());
        for (String device : devices) {
            String key = keys.forDevice(device);
            writes.add(Future.fromCompletionStage(c.<Long>eval(SET_AD, ScriptOutputType.INTEGER, new String[] {key},
                    adConsent ? "1" : "0", Long.toString(at.toEpochMilli())), context)
                    .andThen(done -> written.accept(key)));
        }
        return Future.all(writes).map(all -> (int) writes.stream().filter(f -> f.result() > 0).count());
    }

    private Future<RedisClusterAsyncCommands<String, String>> commands() {
        return link.commands().map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(GatewayException.unavailable()));
    }
}
