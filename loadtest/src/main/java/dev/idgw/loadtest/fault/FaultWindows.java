package dev.idgw.loadtest.fault;

import dev.idgw.loadtest.ErrorKind;
import dev.idgw.loadtest.RequestObserver;
import dev.idgw.loadtest.RequestOutcome;
import dev.idgw.loadtest.stub.CheckLedger;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Splits one fault run into its windows. Request outcomes arrive on the generator's event loop (one
 * thread: plain fields), payload verdicts on the stubs' event loops (several threads: adders). A request
 * belongs to the window its intended send time falls in, a payload to the window it arrived in. The
 * second half of the after window is tallied again on its own: recovery is judged there.
 */
public final class FaultWindows implements RequestObserver, CheckLedger.PayloadListener {
  /** Name of the extra tally over the second half of the after window. */
  public static final String RECOVERY_CHECK = "recovery_check";

  private final FaultPlan plan;
  private final MeasuredClock clock;
  private final long deadlineNanos;
  private final EnumMap<FaultWindow, Tally> tallies = new EnumMap<>(FaultWindow.class);
  private final Tally recoveryCheck = new Tally();

  /**
   * @param deadline a player answer slower than this from its actual send counts as over the deadline
   */
  public FaultWindows(FaultPlan plan, MeasuredClock clock, Duration deadline) {
    this.plan = plan;
    this.clock = clock;
    this.deadlineNanos = deadline.toNanos();
    for (FaultWindow window : FaultWindow.values()) {
      tallies.put(window, new Tally());
    }
  }

  @Override
  public void onMeasuredStart(long measuredStartNanos) {
    clock.start(measuredStartNanos);
  }

  @Override
  public void onOutcome(long intendedOffsetNanos, RequestOutcome outcome) {
    tallies.get(plan.windowOf(intendedOffsetNanos)).add(outcome, deadlineNanos);
    if (plan.inRecoveryCheck(intendedOffsetNanos)) {
      recoveryCheck.add(outcome, deadlineNanos);
    }
  }

  /** Payloads judged before the measured phase (the warm-up's) belong to no window. */
  @Override
  public void onPayload(boolean identityBearing, long arrivalNanos) {
    if (!clock.started()) {
      return;
    }
    long offset = clock.offsetNanos(arrivalNanos);
    if (offset < 0) {
      return;
    }
    tallies.get(plan.windowOf(offset)).addPayload(identityBearing);
    if (plan.inRecoveryCheck(offset)) {
      recoveryCheck.addPayload(identityBearing);
    }
  }

  /** The three windows in order; read once the run is over. */
  public Map<FaultWindow, WindowStats> windows() {
    var stats = new EnumMap<FaultWindow, WindowStats>(FaultWindow.class);
    for (FaultWindow window : FaultWindow.values()) {
      stats.put(window, tallies.get(window).stats(window.key(), plan.fromMillis(window), plan.toMillis(window)));
    }
    return stats;
  }

  /** The second half of the after window. */
  public WindowStats recoveryCheck() {
    return recoveryCheck.stats(RECOVERY_CHECK, plan.recoveryCheckFrom().toMillis(), plan.measured().toMillis());
  }

  /** One window's counts. Outcome fields: generator event loop only; payload adders: any thread. */
  private static final class Tally {
    private final Histogram latencyMicros = new Histogram(3);
    private final TreeMap<String, Long> failures = new TreeMap<>();
    private final LongAdder payloads = new LongAdder();
    private final LongAdder identityBearing = new LongAdder();
    private long requests;
    private long sent;
    private long overDeadline;
    private long maxServiceNanos;
    private long maxLagNanos;

    void add(RequestOutcome outcome, long deadlineNanos) {
      requests++;
      if (outcome instanceof RequestOutcome.Answered answered) {
        sent++;
        latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(answered.latencyNanos())));
        maxLagNanos = Math.max(maxLagNanos, answered.latencyNanos() - answered.serviceNanos());
        if (answered.status() != 200 && answered.status() != 204) {
          failures.merge("http_" + answered.status(), 1L, Long::sum);
        }
        timed(answered.serviceNanos(), deadlineNanos);
      } else if (outcome instanceof RequestOutcome.Failed failed) {
        failures.merge(failed.kind().key(), 1L, Long::sum);
        if (failed.kind() != ErrorKind.DROPPED_BY_GENERATOR) {
          sent++;
          timed(failed.serviceNanos(), deadlineNanos);
        }
      }
    }

    private void timed(long serviceNanos, long deadlineNanos) {
      maxServiceNanos = Math.max(maxServiceNanos, serviceNanos);
      if (serviceNanos > deadlineNanos) {
        overDeadline++;
      }
    }

    void addPayload(boolean carriesIdentity) {
      payloads.increment();
      if (carriesIdentity) {
        identityBearing.increment();
      }
    }

    WindowStats stats(String name, long fromMillis, long toMillis) {
      double seconds = (toMillis - fromMillis) / 1000.0;
      boolean empty = latencyMicros.getTotalCount() == 0;
      long failed = failures.values().stream().mapToLong(Long::longValue).sum();
      return new WindowStats(name, fromMillis, toMillis, requests, sent, seconds > 0 ? sent / seconds : 0,
          empty ? 0 : latencyMicros.getValueAtPercentile(50) / 1000.0,
          empty ? 0 : latencyMicros.getValueAtPercentile(99) / 1000.0,
          empty ? 0 : latencyMicros.getMaxValue() / 1000.0,
          failed, failures, payloads.sum(), identityBearing.sum(), overDeadline, maxServiceNanos / 1e6,
          maxLagNanos / 1e6);
    }
  }
}
