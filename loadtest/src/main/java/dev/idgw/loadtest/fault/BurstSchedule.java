package dev.idgw.loadtest.fault;

import dev.idgw.loadtest.ArrivalSchedule;
import java.time.Duration;

/**
 * {@code rate} until {@code burstAt}, {@code multiplier × rate} for {@code burstFor}, then {@code rate}
 * again to the end of {@code measured}: one open-model run, so nothing drains between the parts and the
 * burst's backlog (if any) lands in the after window, where a real player's would.
 */
public record BurstSchedule(double rate, Duration measured, Duration burstAt, Duration burstFor, double multiplier)
    implements ArrivalSchedule {

  public BurstSchedule {
    if (!(rate > 0) || !(multiplier > 0)) {
      throw new IllegalArgumentException("rate and multiplier must be > 0");
    }
    if (burstAt.plus(burstFor).compareTo(measured) > 0) {
      throw new IllegalArgumentException("the burst must end within the measured phase");
    }
  }

  public static BurstSchedule of(FaultPlan plan, double rate, double multiplier) {
    return new BurstSchedule(rate, plan.measured(), plan.at(), plan.lasting(), multiplier);
  }

  @Override
  public long requests() {
    return Math.max(1, afterBurstStarts() + count(measured.minus(burstAt).minus(burstFor), rate));
  }

  @Override
  public long offsetNanos(long index) {
    long burstStarts = count(burstAt, rate);
    if (index < burstStarts) {
      return (long) (index * 1e9 / rate);
    }
    long burstEnds = afterBurstStarts();
    if (index < burstEnds) {
      return burstAt.toNanos() + (long) ((index - burstStarts) * 1e9 / (rate * multiplier));
    }
    return burstAt.plus(burstFor).toNanos() + (long) ((index - burstEnds) * 1e9 / rate);
  }

  /** Index of the first request after the burst. */
  private long afterBurstStarts() {
    return count(burstAt, rate) + count(burstFor, rate * multiplier);
  }

  private static long count(Duration span, double perSecond) {
    return Math.round(span.toNanos() / 1e9 * perSecond);
  }
}
