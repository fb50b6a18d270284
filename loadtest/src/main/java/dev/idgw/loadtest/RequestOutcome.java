package dev.idgw.loadtest;

/**
 * How one measured request ended, for a {@link RequestObserver}. Times are from the actual send
 * ({@code serviceNanos}: what the target and the network took, generator lag excluded) and, for an
 * answer, also from the intended send time ({@code latencyNanos}: what a player would have waited,
 * as the run's histogram counts it).
 */
public sealed interface RequestOutcome {

  /** An HTTP status came back. */
  record Answered(int status, long latencyNanos, long serviceNanos) implements RequestOutcome {}

  /** No status: a timeout, a broken connection, or never sent ({@link ErrorKind#DROPPED_BY_GENERATOR}, service time 0). */
  record Failed(ErrorKind kind, long serviceNanos) implements RequestOutcome {}
}
