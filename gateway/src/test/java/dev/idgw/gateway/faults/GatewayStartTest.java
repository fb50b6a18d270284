package dev.idgw.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Start-up is bounded: the warm-up that runs before the player port opens finishes (or stops at its
 * budget) on every start, instead of waiting out its 30 s guard on a request that will never complete.
 */
@Isolated // load with latency and recovery bounds: CPU-sensitive on two cores
class GatewayStartTest {
    private static final int STARTS = 8;
    /** A warm start takes ~0.5 s here, a cold one up to ~4 s; a stalled warm-up takes 30 s. */
    private static final Duration START_BOUND = Duration.ofSeconds(15);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldFinishTheWarmUpOnEveryStart() throws Exception {
        for (int i = 1; i <= STARTS; i++) {
            long start = System.nanoTime();
            try (FaultRig rig = FaultRig.direct()) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("start %d of %d (%s)", i, STARTS, rig.context("start")).isLessThan(START_BOUND);
            }
        }
    }
}
