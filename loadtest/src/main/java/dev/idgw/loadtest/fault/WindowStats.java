package dev.idgw.loadtest.fault;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window of a fault run.
 *
 * @param name             {@code before}, {@code during}, {@code after} or {@code recovery_check}
 * @param requests         measured requests due in the window (by intended send time), dropped ones included
 * @param sent             of those, the ones the generator sent
 * @param achievedRate     sent per second of window
 * @param p50Millis        latency from the intended send time, as the run's histogram counts it
 * @param failures         requests without a 200 or 204: timeouts, broken connections, other statuses
 * @param failuresByKind   sorted by name: {@code timeout}, {@code connect}, {@code io}, {@code dropped_by_generator}, {@code http_<status>}
 * @param payloads         partner payloads the stubs judged in the window (by arrival)
 * @param identityBearing  of those, the ones carrying a device ID, an IP or an email hash
 * @param overDeadline     answers (or failures) that took longer than the deadline from the actual send
 * @param maxServiceMillis the longest time from actual send to answer or failure
 * @param maxLagMillis     how late the generator sent a request at worst (its own stalls, not the target's)
 */
public record WindowStats(String name, long fromMillis, long toMillis, long requests, long sent, double achievedRate,
    double p50Millis, double p99Millis, double maxMillis, long failures, Map<String, Long> failuresByKind,
    long payloads, long identityBearing, long overDeadline, double maxServiceMillis, double maxLagMillis) {

  public WindowStats {
    failuresByKind = Collections.unmodifiableSortedMap(new TreeMap<>(failuresByKind));
  }

  public double failurePercent() {
    return requests == 0 ? 0 : 100.0 * failures / requests;
  }

  /** Share of payloads that carried identity, in percent; NaN without payloads. */
  public double identityPercent() {
    return payloads == 0 ? Double.NaN : 100.0 * identityBearing / payloads;
  }

  public JsonObject toJson() {
    var kinds = new JsonObject();
    failuresByKind.forEach(kinds::put);
    return new JsonObject()
        .put("from_ms", fromMillis)
        .put("to_ms", toMillis)
        .put("requests", requests)
        .put("sent", sent)
        .put("achieved_rate", round(achievedRate))
        .put("latency_ms", new JsonObject().put("p50", round(p50Millis)).put("p99", round(p99Millis))
            .put("max", round(maxMillis)))
        .put("failures", failures)
        .put("failure_pct", round(failurePercent()))
        .put("failures_by_kind", kinds)
        .put("payloads", payloads)
        .put("identity_bearing_payloads", identityBearing)
        .put("identity_bearing_pct", round(identityPercent()))
        .put("over_deadline", overDeadline)
        .put("max_from_send_ms", round(maxServiceMillis))
        .put("max_generator_lag_ms", round(maxLagMillis));
  }

  static Double round(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
