package dev.idgw.loadtest;

import java.time.Duration;
import java.util.EnumMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Counts and histograms of one run. Only the generator's event loop touches it, so it needs no locks.
 * "Measured" means the request's intended send time fell after the warmup.
 */
final class RunRecorder {
  private static final int SIGNIFICANT_DIGITS = 3;

  // Microseconds; auto-resizing so a pathological stall is recorded, not clamped.
  private final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram intervalLatency = new Histogram(SIGNIFICANT_DIGITS);
  private final TreeMap<Integer, Long> statusCounts = new TreeMap<>();
  private final EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
  private long scheduled;
  private long sent;
  private long firstMeasuredIntendedNanos = Long.MIN_VALUE;
  private long lastMeasuredSendNanos;
  private long maxLagNanos;
  private long sentAllPhases;
  private long errorsAllPhases;
  private long sentThisInterval;
  private final PerSecondCounts.Recorder perSecond = new PerSecondCounts.Recorder();

  /** The measured phase begins at {@code nanos} (the intended time of its first request): second 0 of the counts per second. */
  void onMeasuredStart(long nanos) {
    perSecond.start(nanos);
  }

  /** A request's intended time has come; {@code nowNanos - intendedNanos} is how late the generator is. */
  void onDue(boolean measured, long intendedNanos, long nowNanos) {
    if (!measured) {
      return;
    }
    scheduled++;
    if (firstMeasuredIntendedNanos == Long.MIN_VALUE) {
      firstMeasuredIntendedNanos = intendedNanos;
    }
    maxLagNanos = Math.max(maxLagNanos, nowNanos - intendedNanos);
  }

  void onSent(boolean measured, long nowNanos) {
    sentAllPhases++;
    sentThisInterval++;
    if (measured) {
      sent++;
      lastMeasuredSendNanos = nowNanos;
    }
  }

  void onResponse(boolean measured, int status, long latencyNanos, long nowNanos) {
    long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos));
    intervalLatency.recordValue(micros);
    if (measured) {
      latency.recordValue(micros);
      statusCounts.merge(status, 1L, Long::sum);
      if (status == 200 || status == 204) {
        perSecond.ok(nowNanos);
      } else {
        perSecond.failed(nowNanos);
      }
    }
  }

  void onError(boolean measured, ErrorKind kind, long nowNanos) {
    errorsAllPhases++;
    if (measured) {
      errors.merge(kind, 1L, Long::sum);
      perSecond.failed(nowNanos);
    }
  }

  /** Snapshot for the progress line; starts a new interval. */
  Progress takeProgress(Duration elapsed, Progress.Phase phase, long intervalNanos, int inFlight) {
    boolean empty = intervalLatency.getTotalCount() == 0;
    var progress = new Progress(elapsed, phase, sentAllPhases,
        intervalNanos > 0 ? sentThisInterval * 1e9 / intervalNanos : 0,
        inFlight,
        empty ? Double.NaN : intervalLatency.getValueAtPercentile(50) / 1000.0,
        empty ? Double.NaN : intervalLatency.getValueAtPercentile(99) / 1000.0,
        errorsAllPhases);
    intervalLatency.reset();
    sentThisInterval = 0;
    return progress;
  }

  LoadReport report(LoadTestConfig config) {
    // The recorded window runs from the first intended send to the last actual one, plus the one
    // interval that send "owns"; a generator that fell behind stretches the window and so reports less.
    double achieved = 0;
    if (sent > 0) {
      double windowSeconds = (lastMeasuredSendNanos - firstMeasuredIntendedNanos) / 1e9
          + 1 / config.ratePerSecond();
      achieved = sent / windowSeconds;
    }
    return new LoadReport(config.label(), config.target(), config.ratePerSecond(), achieved,
        config.duration(), config.warmup(), scheduled, sent, statusCounts, errors,
        LoadReport.Latency.of(latency), Duration.ofNanos(maxLagNanos), perSecond.snapshot());
  }
}
