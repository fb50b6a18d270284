package dev.idgw.loadtest.fault;

import dev.idgw.loadtest.ArrivalSchedule;
import dev.idgw.loadtest.RunHooks;
import dev.idgw.loadtest.stub.CheckLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One measured phase with a fault in it: the clock, the window tallies (hooked into the generator and
 * the stubs' ledger) and the driver that applies and lifts the fault on time. Start it right before the
 * measured run, hand {@link #hooks} to the generator, and ask for the {@link #report} once the run and
 * its straggling payloads are in.
 */
public final class FaultRun {
  /** The plan ends with the run; past this the driver is told to lift and stop. */
  private static final Duration DRIVER_GRACE = Duration.ofSeconds(60);

  private final FaultPlan plan;
  private final FaultInjector injector;
  private final MeasuredClock clock = new MeasuredClock();
  private final FaultWindows windows;
  private final CheckLedger ledger;
  private final FaultDriver driver;
  private final Duration deadline;

  private FaultRun(FaultPlan plan, FaultInjector injector, Duration deadline, CheckLedger ledger,
      Consumer<String> log) {
    this.plan = plan;
    this.injector = injector;
    this.deadline = deadline;
    this.ledger = ledger;
    this.windows = new FaultWindows(plan, clock, deadline);
    ledger.listen(windows);
    this.driver = FaultDriver.start(plan, injector, clock, log);
  }

  /**
   * @param deadline an answer slower than this from its send breaks the deadline (tmax + 50 ms)
   * @param ledger   the stubs' ledger, whose payloads are counted per window from now on
   */
  public static FaultRun start(FaultPlan plan, FaultInjector injector, Duration deadline, CheckLedger ledger,
      Consumer<String> log) {
    return new FaultRun(plan, injector, deadline, ledger, log);
  }

  /** For the generator: the burst's schedule when the fault is a burst, and the window tallies. */
  public RunHooks hooks(double rate) {
    var schedule = plan.fault() == NamedFault.BURST_3X
        ? Optional.<ArrivalSchedule>of(BurstSchedule.of(plan, rate, NamedFault.BURST_MULTIPLIER))
        : Optional.<ArrivalSchedule>empty();
    return new RunHooks(schedule, windows);
  }

  /** Lifts the fault now if it is on (a failed run, Ctrl-C); idempotent, any thread. */
  public void liftNow() {
    driver.liftNow();
  }

  /** Waits for the driver to finish, stops counting payloads, and puts the report together. */
  public FaultReport report(double maxP99Millis, double maxFailurePercent) throws InterruptedException {
    FaultTimes times = driver.await(DRIVER_GRACE);
    ledger.listen((identityBearing, arrivalNanos) -> { });
    Instant start = clock.started()
        ? Instant.now().minusNanos(System.nanoTime() - clock.startNanos()) : Instant.now();
    return new FaultReport(plan, times, start, windows.windows(), windows.recoveryCheck(), maxP99Millis,
        maxFailurePercent, deadline, injector.details());
  }
}
