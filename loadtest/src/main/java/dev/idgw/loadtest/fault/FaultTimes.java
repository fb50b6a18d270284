package dev.idgw.loadtest.fault;

import java.util.List;
import java.util.OptionalLong;

/**
 * When the fault actually went on and off, in ms from the measured start (the plan says when it should).
 *
 * @param appliedAtMillis   the fault was in force from here (empty: it never was)
 * @param liftStartedAtMillis lifting began (a SIGCONT, a proxy back to pass, a Redis restart issued)
 * @param liftDoneAtMillis  lifting finished (for a restart: the new redis-server answers PING)
 * @param errors            what went wrong injecting or lifting it; a run with errors tested less than it says
 */
public record FaultTimes(OptionalLong appliedAtMillis, OptionalLong liftStartedAtMillis,
    OptionalLong liftDoneAtMillis, List<String> errors) {
  public FaultTimes {
    errors = List.copyOf(errors);
  }

  public boolean applied() {
    return appliedAtMillis.isPresent();
  }
}
