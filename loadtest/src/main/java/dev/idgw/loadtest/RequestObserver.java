package dev.idgw.loadtest;

/**
 * Hears of every measured request of a run, on the generator's event loop: it must be quick and must
 * never block. Used to split one run into time windows (a fault scenario's before, during and after).
 */
public interface RequestObserver {
  RequestObserver NONE = (offset, outcome) -> { };

  /**
   * The measured phase begins: {@code measuredStartNanos} ({@link System#nanoTime()} scale) is the
   * intended time of its first request, and every offset passed to {@link #onOutcome} is from it.
   */
  default void onMeasuredStart(long measuredStartNanos) {
  }

  /** A measured request ended; {@code intendedOffsetNanos} is when it was due, from the measured start. */
  void onOutcome(long intendedOffsetNanos, RequestOutcome outcome);
}
