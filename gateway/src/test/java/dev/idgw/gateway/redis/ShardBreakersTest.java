package dev.idgw.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Breakers per shard (per master on a cluster): one failing master neither opens nor replaces the others. */
class ShardBreakersTest {
    private final List<Integer> replacements = new ArrayList<>();
    private final ShardBreakers breakers = new ShardBreakers("test", Ticker.SYSTEM, replacements::add);

    @Test
    void shouldOpenOnlyTheBreakerOfTheFailingShard() {
        for (int i = 0; i < 20; i++) {
            breakers.of("dead").failed(System.nanoTime(), new RedisException("Currently not connected"));
            breakers.of("alive").succeeded(System.nanoTime());
        }

        assertThat(breakers.of("dead").state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.of("alive").state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.of("alive").tryAcquire()).isTrue();
    }

    @Test
    void shouldAskForANewConnectionAfterFiveTimeoutsInARowOnOneShard() {
        RedisBreaker hung = breakers.of("hung");
        for (int i = 0; i < 4; i++) {
            hung.failed(System.nanoTime(), new RedisCommandTimeoutException("timeout"));
            breakers.of("other").succeeded(System.nanoTime()); // another shard's successes do not hide it
        }
        assertThat(replacements).isEmpty();

        hung.failed(System.nanoTime(), new RedisCommandTimeoutException("timeout"));

        assertThat(replacements).containsExactly(ShardBreakers.TIMEOUTS_BEFORE_REPLACING);
    }

    @Test
    void shouldStartCountingAgainAfterASuccessOrANewConnection() {
        RedisBreaker shard = breakers.of("");
        for (int i = 0; i < 4; i++) {
            shard.failed(System.nanoTime(), new RedisCommandTimeoutException("timeout"));
        }
        shard.succeeded(System.nanoTime());
        for (int i = 0; i < 4; i++) {
            shard.failed(System.nanoTime(), new RedisCommandTimeoutException("timeout"));
        }
        breakers.connectionReplaced();
        for (int i = 0; i < 4; i++) {
            shard.failed(System.nanoTime(), new RedisCommandTimeoutException("timeout"));
        }
        shard.failed(System.nanoTime(), new RedisException("rejected")); // not a timeout: not counted

        assertThat(replacements).isEmpty();
    }
}
