package dev.idgw.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.ManualTicker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Redis breaker's open state, probes and idleness on an injected ticker: it opens once most recent
 * commands failed, answers "unavailable" until its one-second wait has passed, then lets three probes
 * through, which close it or open it again for another full wait. All fail if the breaker read the system
 * clock instead of the ticker (no test here sleeps).
 */
class RedisBreakerClockTest {
    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(1);
    private static final int PROBES = 3;

    private final ManualTicker ticker = new ManualTicker();
    private final RedisBreaker breaker = new RedisBreaker("clocktest", ticker);

    @Test
    void shouldStayOpenUntilTheWaitHasPassedThenProbeAndClose() {
        open();

        ticker.advance(WAIT_IN_OPEN);
        assertThat(breaker.tryAcquire()).as("open for exactly its wait: still refusing").isFalse();
        ticker.advance(Duration.ofNanos(1));
        for (int i = 0; i < PROBES; i++) {
            assertThat(breaker.tryAcquire()).as("probe %d once the wait has passed", i + 1).isTrue();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("no more than the probes while half-open").isFalse();
        for (int i = 0; i < PROBES; i++) {
            breaker.succeeded(breaker.nanos());
        }

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void shouldOpenForAnotherFullWaitWhenTheProbesFail() {
        open();
        ticker.advance(WAIT_IN_OPEN.plusNanos(1));
        for (int i = 0; i < PROBES; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.failed(breaker.nanos(), new RedisException("Currently not connected"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        ticker.advance(WAIT_IN_OPEN);
        assertThat(breaker.tryAcquire()).as("the wait counts again from the failed probes").isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void shouldCountIdleTimeFromTheLastCommandThatAskedForAPermit() {
        ticker.advance(Duration.ofMillis(300));
        assertThat(breaker.idleNanos()).isEqualTo(Duration.ofMillis(300).toNanos());

        breaker.tryAcquire();
        assertThat(breaker.idleNanos()).isZero();
        ticker.advance(Duration.ofMillis(125));
        assertThat(breaker.idleNanos()).isEqualTo(Duration.ofMillis(125).toNanos());
    }

    /** Ten failed commands, the least the breaker judges on: all failed, so it opens and refuses at once. */
    private void open() {
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.failed(breaker.nanos(), new RedisException("Currently not connected"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).as("open: unavailable at once").isFalse();
    }
}
