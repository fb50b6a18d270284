package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.LoadReport;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One measured phase against one target, with the CPU the measured processes used during it.
 *
 * @param target     {@code gateway} or {@code baseline}
 * @param phase      {@code fixed}, {@code step-<n>}, {@code half-max}…
 * @param cpuNanos   the target process's user+system CPU over the measured phase
 * @param redisCpuNanos the private Redis's, when the scenario started one (gateway phases only use it)
 * @param selfCpuNanos  this JVM's (generator and stubs)
 */
record TargetRun(String target, String phase, double rate, LoadReport report, OptionalLong cpuNanos,
    OptionalLong redisCpuNanos, OptionalLong selfCpuNanos) {

  /** Requests without a usable answer: transport errors and timeouts, and any status but 200 or 204. */
  long failures() {
    long badStatus = 0;
    for (Map.Entry<Integer, Long> status : report.statusCounts().entrySet()) {
      if (status.getKey() != 200 && status.getKey() != 204) {
        badStatus += status.getValue();
      }
    }
    return report.errorCount() + badStatus;
  }

  double failurePercent() {
    return report.scheduled() == 0 ? 0 : 100.0 * failures() / report.scheduled();
  }

  /** p99 and failures within the limits, and the generator kept the rate (else the machine, not the target, was the limit). */
  boolean sustainable(double maxP99Millis, double maxFailurePercent) {
    return report.latency().p99Millis() <= maxP99Millis
        && failurePercent() <= maxFailurePercent
        && report.achievedRatePerSecond() >= 0.95 * rate;
  }

  static double perThousand(OptionalLong nanos, long requests) {
    return nanos.isEmpty() || requests == 0 ? Double.NaN : nanos.getAsLong() / 1e6 / (requests / 1000.0);
  }

  double loadTestCpuMillisPerThousand() {
    return perThousand(selfCpuNanos, report.sent());
  }

  double cpuMillisPerThousand() {
    return perThousand(cpuNanos, report.sent());
  }

  JsonObject toJson() {
    var cpu = new JsonObject()
        .put("target_ms", millis(cpuNanos))
        .put("target_ms_per_1k_requests", round(cpuMillisPerThousand()))
        .put("loadtest_jvm_ms_per_1k_requests", round(perThousand(selfCpuNanos, report.sent())));
    if (redisCpuNanos.isPresent()) {
      cpu.put("redis_ms_per_1k_requests", round(perThousand(redisCpuNanos, report.sent())));
    }
    return new JsonObject()
        .put("target", target)
        .put("phase", phase)
        .put("failures", failures())
        .put("failure_pct", round(failurePercent()))
        .put("cpu", cpu)
        .put("load", report.toJson());
  }

  private static Object millis(OptionalLong nanos) {
    return nanos.isEmpty() ? null : nanos.getAsLong() / 1_000_000;
  }

  static Double round(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
