package dev.idgw.loadtest.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a {@link FaultPlan} on a thread of its own: waits for the measured phase to begin, applies the
 * fault at {@code at}, lifts it at {@code at + lasting}. Applying and lifting may block (signals, a Redis
 * restart), which is why this is a plain thread and not a Vert.x timer. {@link #liftNow} lifts early from
 * any thread (a failed run, Ctrl-C): a frozen Redis must never be left behind.
 */
public final class FaultDriver {
  /** The measured phase starts right after the warm-up; waiting longer than this means the run failed. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final FaultPlan plan;
  private final FaultInjector injector;
  private final MeasuredClock clock;
  private final Consumer<String> log;
  private final Thread thread;
  private final List<String> errors = new ArrayList<>();
  private long appliedAt = -1;
  private long liftStartedAt = -1;
  private long liftDoneAt = -1;
  private boolean applied;
  private boolean lifted;

  private FaultDriver(FaultPlan plan, FaultInjector injector, MeasuredClock clock, Consumer<String> log) {
    this.plan = plan;
    this.injector = injector;
    this.clock = clock;
    this.log = log;
    this.thread = new Thread(this::follow, "fault-driver");
    this.thread.setDaemon(true);
  }

  public static FaultDriver start(FaultPlan plan, FaultInjector injector, MeasuredClock clock, Consumer<String> log) {
    var driver = new FaultDriver(plan, injector, clock, log);
    driver.thread.start();
    return driver;
  }

  /** Lifts the fault now if it is on, and stops the plan; idempotent, any thread. */
  public void liftNow() {
    thread.interrupt();
    lift();
  }

  /** Waits for the plan to finish (the fault lifted, or never applied), then says what happened. */
  public FaultTimes await(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    if (thread.isAlive()) {
      liftNow();
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    synchronized (this) {
      return new FaultTimes(at(appliedAt), at(liftStartedAt), at(liftDoneAt), errors);
    }
  }

  private void follow() {
    try {
      if (!clock.awaitStart(START_TIMEOUT)) {
        error("the measured phase did not start");
        return;
      }
      sleepUntil(plan.at());
      apply();
      sleepUntil(plan.end());
    } catch (InterruptedException interrupted) {
      return; // liftNow interrupted us and lifts itself, on a thread whose blocking calls still work
    }
    lift();
  }

  private synchronized void apply() {
    if (lifted) {
      return;
    }
    long started = now();
    try {
      injector.apply();
      applied = true;
      appliedAt = started;
      log.accept(String.format(Locale.ROOT, "fault %s applied at %.3f s", plan.fault().cliName(), started / 1000.0));
    } catch (Exception failed) {
      error("applying failed: " + failed);
    }
  }

  private synchronized void lift() {
    if (lifted) {
      return;
    }
    lifted = true;
    if (!applied) {
      return;
    }
    liftStartedAt = now();
    try {
      injector.lift();
      liftDoneAt = now();
      log.accept(String.format(Locale.ROOT, "fault %s lifted at %.3f s (done at %.3f s)", plan.fault().cliName(),
          liftStartedAt / 1000.0, liftDoneAt / 1000.0));
    } catch (Exception failed) {
      error("lifting failed: " + failed);
    }
  }

  private void sleepUntil(Duration offset) throws InterruptedException {
    long wait = clock.startNanos() + offset.toNanos() - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Milliseconds since the measured start. */
  private long now() {
    return clock.started() ? TimeUnit.NANOSECONDS.toMillis(clock.offsetNanos(System.nanoTime())) : 0;
  }

  private synchronized void error(String message) {
    errors.add(message);
    log.accept("fault " + plan.fault().cliName() + ": " + message);
  }

  private static OptionalLong at(long millis) {
    return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
  }
}
