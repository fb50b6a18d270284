package dev.idgw.loadtest;

import java.util.Objects;
import java.util.Optional;

/**
 * What a run may do beyond its {@link LoadTestConfig}: send the measured requests on another
 * {@link ArrivalSchedule} than the config's fixed rate, and tell an observer about each one.
 * {@link #NONE} is a plain run.
 *
 * @param measuredArrivals replaces the fixed rate for the measured phase (the warmup keeps the config's rate)
 */
public record RunHooks(Optional<ArrivalSchedule> measuredArrivals, RequestObserver observer) {
  public static final RunHooks NONE = new RunHooks(Optional.empty(), RequestObserver.NONE);

  public RunHooks {
    Objects.requireNonNull(measuredArrivals, "measuredArrivals");
    Objects.requireNonNull(observer, "observer");
  }
}
