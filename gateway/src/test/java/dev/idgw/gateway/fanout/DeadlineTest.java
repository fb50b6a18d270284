package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The request deadline counts down on the ticker it was given, and never below zero. */
class DeadlineTest {
    private final ManualTicker ticker = new ManualTicker();

    @Test
    void shouldHaveTheWholeBudgetLeftWhileNoTimePassed() {
        Deadline deadline = Deadline.in(Duration.ofMillis(290), ticker);

        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(290));
    }

    @Test
    void shouldCountDownAsTheTickerAdvances() {
        Deadline deadline = Deadline.in(Duration.ofMillis(290), ticker);

        ticker.advance(Duration.ofMillis(100));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(190));
        ticker.advance(Duration.ofMillis(189));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void shouldHaveNothingLeftOnceExpiredNotANegativeBudget() {
        Deadline deadline = Deadline.in(Duration.ofMillis(290), ticker);

        ticker.advance(Duration.ofMillis(290));
        assertThat(deadline.remaining()).isZero();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(deadline.remaining()).isZero();
    }
}
