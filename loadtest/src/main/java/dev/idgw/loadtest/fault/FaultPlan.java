package dev.idgw.loadtest.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault in the measured phase: {@code fault} starts {@code at} after the phase began and is lifted
 * {@code lasting} later; the rest of the phase is the recovery window. Windows are decided by a
 * request's intended send time (and a payload's arrival at a stub), so they are exact whatever the
 * generator or the target did.
 *
 * @param measured the whole measured phase ({@code --duration})
 */
public record FaultPlan(NamedFault fault, Duration at, Duration lasting, Duration measured) {
  /** The after window must leave room for its second half, over which recovery is judged. */
  public static final Duration MIN_AFTER = Duration.ofSeconds(1);

  public FaultPlan {
    Objects.requireNonNull(fault, "fault");
    if (at.isNegative()) {
      throw new IllegalArgumentException("--fault-at must not be negative");
    }
    if (lasting.isNegative() || lasting.isZero()) {
      throw new IllegalArgumentException("--fault-for must be longer than 0");
    }
    if (measured.minus(at).minus(lasting).compareTo(MIN_AFTER) < 0) {
      throw new IllegalArgumentException("--fault-at " + seconds(at) + " + --fault-for " + seconds(lasting)
          + " must end at least " + seconds(MIN_AFTER) + " before the end of --duration " + seconds(measured)
          + ": the time after the fault is where recovery is judged");
    }
  }

  public Duration end() {
    return at.plus(lasting);
  }

  public Duration after() {
    return measured.minus(end());
  }

  /** Where the second half of the after window starts: recovery is judged from here to the end. */
  public Duration recoveryCheckFrom() {
    return end().plus(after().dividedBy(2));
  }

  /** The window an offset from the measured start falls in; anything past the end (stragglers) counts as after. */
  public FaultWindow windowOf(long offsetNanos) {
    if (offsetNanos < at.toNanos()) {
      return FaultWindow.BEFORE;
    }
    return offsetNanos < end().toNanos() ? FaultWindow.DURING : FaultWindow.AFTER;
  }

  public boolean inRecoveryCheck(long offsetNanos) {
    return offsetNanos >= recoveryCheckFrom().toNanos();
  }

  /** Window bounds in ms from the measured start, {@code [from, to)}. */
  public long fromMillis(FaultWindow window) {
    return switch (window) {
      case BEFORE -> 0;
      case DURING -> at.toMillis();
      case AFTER -> end().toMillis();
    };
  }

  public long toMillis(FaultWindow window) {
    return switch (window) {
      case BEFORE -> at.toMillis();
      case DURING -> end().toMillis();
      case AFTER -> measured.toMillis();
    };
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() / 1000.0 + " s";
  }
}
