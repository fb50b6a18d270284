package dev.idgw.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The recorded part of a run (warmup excluded). Every scheduled request ends in exactly one place:
 * {@code scheduled == responses() + errorCount()}, and {@code latency.count() == responses()}.
 * Latency runs from each request's intended send time to the end of its response body.
 *
 * @param scheduled              requests whose intended send time fell in the recorded window
 * @param sent                   of those, actually sent ({@code scheduled} minus the dropped ones)
 * @param statusCounts           responses by HTTP status
 * @param errors                 requests without a status, by kind; every kind present
 * @param maxGeneratorLag        worst delay between an intended and an actual send
 * @param perSecond              measured requests by the second they ended in, for a throughput-over-time plot
 */
public record LoadReport(
    String label,
    URI target,
    double targetRatePerSecond,
    double achievedRatePerSecond,
    Duration duration,
    Duration warmup,
    long scheduled,
    long sent,
    SortedMap<Integer, Long> statusCounts,
    Map<ErrorKind, Long> errors,
    Latency latency,
    Duration maxGeneratorLag,
    PerSecondCounts perSecond) {

  public LoadReport {
    statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
    var allKinds = new LinkedHashMap<ErrorKind, Long>();
    for (ErrorKind kind : ErrorKind.values()) {
      allKinds.put(kind, errors.getOrDefault(kind, 0L));
    }
    errors = Collections.unmodifiableMap(allKinds);
    Objects.requireNonNull(perSecond, "perSecond");
  }

  /** Without counts per second (a report put together by hand, as in tests). */
  public LoadReport(String label, URI target, double targetRatePerSecond, double achievedRatePerSecond,
      Duration duration, Duration warmup, long scheduled, long sent, SortedMap<Integer, Long> statusCounts,
      Map<ErrorKind, Long> errors, Latency latency, Duration maxGeneratorLag) {
    this(label, target, targetRatePerSecond, achievedRatePerSecond, duration, warmup, scheduled, sent, statusCounts,
        errors, latency, maxGeneratorLag, PerSecondCounts.NONE);
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param count         samples, one per response
   * @param distribution  the histogram's percentile distribution, the points HdrHistogram's
   *                      {@code outputPercentileDistribution} prints (5 ticks per half distance to 100 %)
   */
  public record Latency(long count, double p50Millis, double p90Millis, double p99Millis, double p999Millis,
      double maxMillis, List<PercentilePoint> distribution) {
    /** Half distances between ticks, as in HdrHistogram's own {@code .hgrm} output. */
    static final int TICKS_PER_HALF_DISTANCE = 5;

    public Latency {
      distribution = List.copyOf(distribution);
    }

    /** Without the distribution (a report put together by hand, as in tests). */
    public Latency(long count, double p50Millis, double p90Millis, double p99Millis, double p999Millis,
        double maxMillis) {
      this(count, p50Millis, p90Millis, p99Millis, p999Millis, maxMillis, List.of());
    }

    /** From a histogram of microseconds. */
    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0);
      }
      var distribution = new ArrayList<PercentilePoint>();
      for (HistogramIterationValue value : micros.percentiles(TICKS_PER_HALF_DISTANCE)) {
        distribution.add(new PercentilePoint(value.getPercentileLevelIteratedTo(),
            millis(value.getValueIteratedTo()), value.getTotalCountToThisValue()));
      }
      return new Latency(micros.getTotalCount(),
          millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
          millis(micros.getValueAtPercentile(99)), millis(micros.getValueAtPercentile(99.9)),
          millis(micros.getMaxValue()), distribution);
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }

  /**
   * One point of a percentile distribution: {@code percentile} % of the responses took at most {@code millis}.
   *
   * @param count  responses up to and including this value
   */
  public record PercentilePoint(double percentile, double millis, long count) {
    JsonObject toJson() {
      return new JsonObject().put("percentile", percentile).put("ms", millis).put("count", count);
    }
  }

  public long responses() {
    return statusCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public long errors(ErrorKind kind) {
    return errors.get(kind);
  }

  public long status(int code) {
    return statusCounts.getOrDefault(code, 0L);
  }

  /** Responses grouped as {@code 2xx}, {@code 4xx}, ...; only classes that occurred. */
  public SortedMap<String, Long> statusClasses() {
    var classes = new TreeMap<String, Long>();
    statusCounts.forEach((code, count) -> classes.merge(code / 100 + "xx", count, Long::sum));
    return classes;
  }

  /** Nothing answered and connections were refused: the target was never there. */
  public boolean targetUnreachable() {
    return responses() == 0 && errors(ErrorKind.CONNECT) > 0;
  }

  public JsonObject toJson() {
    var status = new JsonObject();
    statusCounts.forEach((code, count) -> status.put(String.valueOf(code), count));
    var classes = new JsonObject();
    statusClasses().forEach(classes::put);
    var errorKinds = new JsonObject();
    errors.forEach((kind, count) -> errorKinds.put(kind.key(), count));
    return new JsonObject()
        .put("label", label)
        .put("target", target.toString())
        .put("target_rate", round(targetRatePerSecond, 1))
        .put("achieved_rate", round(achievedRatePerSecond, 1))
        .put("duration_ms", duration.toMillis())
        .put("warmup_ms", warmup.toMillis())
        .put("requests", new JsonObject()
            .put("scheduled", scheduled)
            .put("sent", sent)
            .put("responses", responses())
            .put("errors", errorCount()))
        .put("status", status)
        .put("status_class", classes)
        .put("errors", errorKinds)
        .put("latency_ms", new JsonObject()
            .put("count", latency.count())
            .put("p50", latency.p50Millis())
            .put("p90", latency.p90Millis())
            .put("p99", latency.p99Millis())
            .put("p99_9", latency.p999Millis())
            .put("max", latency.maxMillis()))
        .put("latency_percentiles", new JsonArray(latency.distribution().stream().map(PercentilePoint::toJson)
            .collect(Collectors.toList())))
        .put("per_second", perSecond.toJson())
        .put("max_generator_lag_ms", round(maxGeneratorLag.toNanos() / 1e6, 3));
  }

  /** A two-column table for a terminal. */
  public String toTable() {
    var rows = new LinkedHashMap<String, String>();
    rows.put("label", label);
    rows.put("target", target.toString());
    rows.put("target rate", format("%.1f req/s", targetRatePerSecond));
    rows.put("achieved rate", format("%.1f req/s", achievedRatePerSecond));
    rows.put("duration", format("%.3f s (after %.3f s warmup, not recorded)",
        duration.toMillis() / 1000.0, warmup.toMillis() / 1000.0));
    rows.put("scheduled", String.valueOf(scheduled));
    rows.put("sent", String.valueOf(sent));
    rows.put("responses", String.valueOf(responses()));
    statusCounts.forEach((code, count) -> rows.put("  status " + code, String.valueOf(count)));
    rows.put("errors", String.valueOf(errorCount()));
    errors.forEach((kind, count) -> rows.put("  " + kind.key(), String.valueOf(count)));
    rows.put("latency p50", format("%.3f ms", latency.p50Millis()));
    rows.put("latency p90", format("%.3f ms", latency.p90Millis()));
    rows.put("latency p99", format("%.3f ms", latency.p99Millis()));
    rows.put("latency p99.9", format("%.3f ms", latency.p999Millis()));
    rows.put("latency max", format("%.3f ms", latency.maxMillis()));
    rows.put("max generator lag", format("%.3f ms", maxGeneratorLag.toNanos() / 1e6));
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    var table = new StringBuilder();
    rows.forEach((name, value) -> table.append(String.format(Locale.ROOT, "%-" + width + "s%s%n", name, value)));
    return table.toString();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
