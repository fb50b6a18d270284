package dev.idgw.testkit.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StubBehaviorTest {

    @Test
    void shouldBidPromptlyByDefault() {
        StubBehavior behavior = StubBehavior.bidding();

        assertThat(behavior.failure()).isEqualTo(StubFailure.NONE);
        assertThat(behavior.latency()).isZero();
        assertThat(behavior.p99Latency()).isNull();
        assertThat(behavior.bidsPerImp()).isEqualTo(2);
        assertThat(behavior.priceOf(0)).isEqualTo(5.0);
        assertThat(behavior.priceOf(1)).isEqualTo(6.0);
        assertThat(behavior.durations()).containsExactly(15, 30);
        assertThat(behavior.adomainPrefix()).isNull();
        assertThat(behavior.slotInPod()).isNull();
    }

    @Test
    void shouldChangeOnlyWhatAWitherNames() {
        StubBehavior behavior = StubBehavior.bidding().withLatency(Duration.ofMillis(20)).withBidsPerImp(4);

        assertThat(behavior).isEqualTo(new StubBehavior(Duration.ofMillis(20), null, StubFailure.NONE, 4,
                5.0, 1.0, false, List.of(15, 30), null, null));
        assertThat(StubBehavior.failing(StubFailure.HANG).failure()).isEqualTo(StubFailure.HANG);
    }

    @Test
    void shouldUseP99LatencyOnlyForTheSlowestPercent() {
        StubBehavior behavior = StubBehavior.bidding()
                .withLatency(Duration.ofMillis(10))
                .withP99Latency(Duration.ofMillis(900));

        assertThat(behavior.latencyFor(0.0)).isEqualTo(Duration.ofMillis(900));
        assertThat(behavior.latencyFor(0.0099)).isEqualTo(Duration.ofMillis(900));
        assertThat(behavior.latencyFor(0.01)).isEqualTo(Duration.ofMillis(10));
        assertThat(behavior.latencyFor(0.999)).isEqualTo(Duration.ofMillis(10));
        assertThat(behavior.withP99Latency(null).latencyFor(0.0)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void shouldCycleDurationsAndNeverPriceBelowZero() {
        StubBehavior behavior = StubBehavior.bidding().withDurations(6, 15, 30).withPriceStep(-2.0);

        assertThat(List.of(behavior.durationOf(0), behavior.durationOf(1), behavior.durationOf(2),
                behavior.durationOf(3))).containsExactly(6, 15, 30, 6);
        assertThat(behavior.priceOf(1)).isEqualTo(3.0);
        assertThat(behavior.priceOf(10)).isZero();
    }

    @Test
    void shouldKeepItsOwnCopyOfDurations() {
        List<Integer> durations = new ArrayList<>(List.of(15));
        StubBehavior behavior = StubBehavior.bidding().withDurations(durations);

        durations.add(30);

        assertThat(behavior.durations()).containsExactly(15);
    }

    @Test
    void shouldRejectNonsense() {
        StubBehavior behavior = StubBehavior.bidding();

        assertThatThrownBy(() -> behavior.withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> behavior.withP99Latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p99Latency");
        assertThatThrownBy(() -> behavior.withBidsPerImp(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bidsPerImp");
        assertThatThrownBy(() -> behavior.withBasePrice(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basePrice");
        assertThatThrownBy(() -> behavior.withBasePrice(-0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basePrice");
        assertThatThrownBy(() -> behavior.withPriceStep(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priceStep");
        assertThatThrownBy(() -> behavior.withDurations(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durations");
        assertThatThrownBy(() -> behavior.withDurations(15, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durations");
        assertThatThrownBy(() -> behavior.withAdomainPrefix(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adomainPrefix");
        assertThatThrownBy(() -> behavior.withFailure(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldValidateOptions() {
        StubPartner.Options options = StubPartner.Options.defaults();

        assertThat(options.maxRecorded()).isEqualTo(100_000);
        assertThat(options.handlerThreads()).isEqualTo(32);
        assertThatThrownBy(() -> options.withMaxRecorded(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withHandlerThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withOnReceive(null)).isInstanceOf(NullPointerException.class);
    }
}
