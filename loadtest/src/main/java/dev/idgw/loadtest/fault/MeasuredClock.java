package dev.idgw.loadtest.fault;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The measured phase's time zero ({@link System#nanoTime()} scale), set once by the generator when the
 * phase begins and read by everything that places events in windows: the fault driver (when to inject),
 * the payload counter (which window a payload arrived in).
 */
public final class MeasuredClock {
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile long startNanos;

  /** The first call wins; later ones are ignored. */
  public synchronized void start(long nanos) {
    if (started.getCount() > 0) {
      startNanos = nanos;
      started.countDown();
    }
  }

  public boolean started() {
    return started.getCount() == 0;
  }

  /** Blocks until {@link #start} (never call it on an event loop); false when {@code timeout} passed first. */
  public boolean awaitStart(Duration timeout) throws InterruptedException {
    return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public long startNanos() {
    return startNanos;
  }

  /** {@code nanoTime} as an offset from the start; only meaningful once started. */
  public long offsetNanos(long nanoTime) {
    return nanoTime - startNanos;
  }
}
