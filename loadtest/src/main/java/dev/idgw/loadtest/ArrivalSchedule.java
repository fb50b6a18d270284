package dev.idgw.loadtest;

import java.time.Duration;

/**
 * When the measured requests of a run are due, as offsets from the first one's intended time. The
 * default is a fixed rate; a fault scenario swaps in a schedule whose rate changes mid-run (a burst), so
 * one open-model run covers before, during and after without a gap between them.
 */
public interface ArrivalSchedule {
  /** How many measured requests the schedule sends. */
  long requests();

  /** Request {@code index}'s intended time after the first measured request's, in nanoseconds; non-decreasing. */
  long offsetNanos(long index);

  /** {@code round(seconds * rate)} requests, {@code 1/rate} apart: what {@link LoadTestConfig} describes. */
  static ArrivalSchedule fixedRate(double ratePerSecond, Duration duration) {
    long requests = Math.max(1, Math.round(duration.toNanos() / 1e9 * ratePerSecond));
    return new ArrivalSchedule() {
      @Override
      public long requests() {
        return requests;
      }

      @Override
      public long offsetNanos(long index) {
        return (long) (index * 1e9 / ratePerSecond);
      }
    };
  }
}
