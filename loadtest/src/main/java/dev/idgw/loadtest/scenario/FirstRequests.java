package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.RequestObserver;
import dev.idgw.loadtest.RequestOutcome;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The first ad requests a target serves after it started, in the order they were due: is the first one
 * as fast as the thousandth? Latency here is the service time (from the actual send to the answer), so
 * a cold generator's own lag does not count against the target; the baseline, equally cold, is the
 * control. A failed request counts with the time it took.
 */
final class FirstRequests implements RequestObserver {
  /** Requests per second of the phase: low enough that no queue forms, so only warmth is measured. */
  static final double RATE = 100;

  private record Seen(long intendedOffsetNanos, long serviceNanos, int status) {
    /** Anything but a pod (200) or no fill (204), including no answer at all (status 0). */
    boolean failed() {
      return status != 200 && status != 204;
    }
  }

  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

  @Override
  public void onOutcome(long intendedOffsetNanos, RequestOutcome outcome) {
    if (outcome instanceof RequestOutcome.Answered answered) {
      seen.add(new Seen(intendedOffsetNanos, answered.serviceNanos(), answered.status()));
    } else if (outcome instanceof RequestOutcome.Failed failed) {
      seen.add(new Seen(intendedOffsetNanos, failed.serviceNanos(), 0));
    }
  }

  /**
   * @param firstStatus       the very first request's HTTP status: 200 is a pod with bids, 204 no fill
   *                          (every partner timed out or passed), 0 no answer
   * @param firstMillis       the very first request's service time
   * @param maxFirstTenMillis the slowest of the first ten
   * @param p50FirstHundredMillis median of requests 1–100
   * @param p50LastHundredMillis  median of the last hundred (by the thousandth request: warm)
   * @param maxLastHundredMillis  the slowest of the last hundred
   */
  record Summary(String target, int requests, long failures, int firstStatus, double firstMillis, double maxFirstTenMillis,
      double p50FirstHundredMillis, double p50LastHundredMillis, double maxLastHundredMillis) {

    JsonObject toJson() {
      return new JsonObject()
          .put("target", target)
          .put("requests", requests)
          .put("rate", RATE)
          .put("failures", failures)
          .put("first_status", firstStatus)
          .put("first_ms", TargetRun.round(firstMillis))
          .put("max_first_10_ms", TargetRun.round(maxFirstTenMillis))
          .put("p50_first_100_ms", TargetRun.round(p50FirstHundredMillis))
          .put("p50_last_100_ms", TargetRun.round(p50LastHundredMillis))
          .put("max_last_100_ms", TargetRun.round(maxLastHundredMillis));
    }
  }

  Summary summary(String target) {
    List<Seen> ordered = new ArrayList<>(seen);
    ordered.sort(Comparator.comparingLong(Seen::intendedOffsetNanos));
    int n = ordered.size();
    if (n == 0) {
      return new Summary(target, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] millis = ordered.stream().mapToDouble(s -> s.serviceNanos() / 1e6).toArray();
    int head = Math.min(100, n);
    return new Summary(target, n, ordered.stream().filter(Seen::failed).count(), ordered.get(0).status(),
        millis[0],
        max(millis, 0, Math.min(10, n)), median(millis, 0, head), median(millis, n - head, n),
        max(millis, n - head, n));
  }

  private static double max(double[] values, int from, int to) {
    return Arrays.stream(values, from, to).max().orElse(Double.NaN);
  }

  private static double median(double[] values, int from, int to) {
    double[] part = Arrays.copyOfRange(values, from, to);
    Arrays.sort(part);
    return part[(part.length - 1) / 2];
  }
}
