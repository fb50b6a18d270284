package dev.idgw.gateway.redis;

import dev.idgw.gateway.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A circuit breaker per shard of a link: the node owning a key's slot on a Redis Cluster, the whole
 * server otherwise. One dead or hung master then opens only its own breaker; requests whose keys live
 * on the healthy masters keep their identity.
 *
 * <p>Each shard also counts its commands that timed out in a row: a connection whose peer vanished
 * without a FIN or RST stays "open" and Lettuce reconnects only when a channel closes, so every command
 * would time out for ~15 min of TCP retransmissions. After {@link #TIMEOUTS_BEFORE_REPLACING} the link
 * is told to replace its connection.
 */
final class ShardBreakers {
    static final int TIMEOUTS_BEFORE_REPLACING = 5;

    private record Shard(RedisBreaker breaker, AtomicInteger consecutiveTimeouts) {
    }

    private final String linkName;
    private final Consumer<Integer> onSilentDeath;
    private final Ticker ticker;
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();

    /** @param onSilentDeath told (with the count) when a shard's commands timed out too often in a row */
    ShardBreakers(String linkName, Ticker ticker, Consumer<Integer> onSilentDeath) {
        this.linkName = linkName;
        this.ticker = ticker;
        this.onSilentDeath = onSilentDeath;
    }

    RedisBreaker of(String shard) {
        Shard s = shards.get(shard);
        return (s != null ? s : shards.computeIfAbsent(shard, this::create)).breaker();
    }

    /** The most alarming state among the shards' breakers: open, else half-open, else closed. */
    CircuitBreaker.State worstState() {
        CircuitBreaker.State worst = CircuitBreaker.State.CLOSED;
        for (Shard s : shards.values()) {
            CircuitBreaker.State state = s.breaker().state();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                return state;
            }
            if (state == CircuitBreaker.State.HALF_OPEN) {
                worst = state;
            }
        }
        return worst;
    }

    /** A new connection: no shard has timed out on it yet. */
    void connectionReplaced() {
        shards.values().forEach(s -> s.consecutiveTimeouts().set(0));
    }

    private Shard create(String shard) {
        AtomicInteger timeouts = new AtomicInteger();
        String name = shard.isEmpty() ? linkName : linkName + "-" + shard;
        RedisBreaker breaker = new RedisBreaker(name, ticker, () -> timeouts.set(0), error -> {
            if (error instanceof RedisCommandTimeoutException) {
                int inARow = timeouts.incrementAndGet();
                if (inARow >= TIMEOUTS_BEFORE_REPLACING) {
                    onSilentDeath.accept(inARow);
                }
            }
        });
        return new Shard(breaker, timeouts);
    }
}
