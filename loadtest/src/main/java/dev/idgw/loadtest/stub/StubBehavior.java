package dev.idgw.loadtest.stub;

import java.time.Duration;

/**
 * How the stubs answer.
 *
 * @param latency       every answer waits this long
 * @param tailLatency   {@link #TAIL_SHARE} of answers wait this long instead (a p99 tail); zero for none
 * @param bidsPerImp    bids per imp, alternating 15 s and 30 s creatives
 * @param failureShare  share of answers that fail: half HTTP 500, half a 200 with a body that is not JSON
 * @param seed          makes the latency tail and failures reproducible
 */
public record StubBehavior(Duration latency, Duration tailLatency, int bidsPerImp, double failureShare, long seed) {
  public static final double TAIL_SHARE = 0.01;
  public static final StubBehavior DEFAULT = new StubBehavior(Duration.ofMillis(5), Duration.ZERO, 2, 0, 1);

  public StubBehavior {
    if (latency.isNegative() || tailLatency.isNegative()) {
      throw new IllegalArgumentException("latencies must be >= 0");
    }
    if (bidsPerImp < 0 || bidsPerImp > 10) {
      throw new IllegalArgumentException("bids per imp must be 0-10, was " + bidsPerImp);
    }
    if (!(failureShare >= 0 && failureShare <= 1)) {
      throw new IllegalArgumentException("failure share must be in [0, 1], was " + failureShare);
    }
  }
}
