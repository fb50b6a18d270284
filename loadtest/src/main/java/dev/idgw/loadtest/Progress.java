package dev.idgw.loadtest;

import java.time.Duration;
import java.util.Locale;

/**
 * A once-a-second snapshot while a run is going. Counts include warmup; latencies cover only the
 * responses that arrived since the previous snapshot.
 *
 * @param elapsed        since the first intended send
 * @param phase          where the run is
 * @param sent           requests sent so far
 * @param ratePerSecond  sends per second over the last interval
 * @param inFlight       outstanding requests now
 * @param p50Millis      interval median, NaN when nothing arrived
 * @param p99Millis      interval 99th percentile, NaN when nothing arrived
 * @param errors         errors so far, of every kind
 */
public record Progress(
    Duration elapsed, Phase phase, long sent, double ratePerSecond, int inFlight,
    double p50Millis, double p99Millis, long errors) {

  public enum Phase { WARMUP, MEASURE, DRAIN }

  /** One line for a terminal. */
  public String line() {
    return String.format(Locale.ROOT, "[%7.1fs] %-7s sent=%d rate=%.1f/s inflight=%d p50=%s p99=%s errors=%d",
        elapsed.toMillis() / 1000.0, phase.name().toLowerCase(Locale.ROOT), sent, ratePerSecond, inFlight,
        millis(p50Millis), millis(p99Millis), errors);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2fms", value);
  }
}
