package dev.idgw.testkit.wait;

import java.time.Duration;

/**
 * Waits for something to happen instead of sleeping for a guessed time: runs a check again and again,
 * a short interval apart, until it passes or the timeout runs out. A check fails by throwing (an
 * AssertJ assertion, an exception of the code it calls); when time is up the last failure is rethrown
 * inside an {@link AssertionError} that says how long it waited and how often it tried, so a timeout
 * reads like the assertion that never came true.
 *
 * <p>The one waiting helper of every module's tests (the gateway's, the load test's, testkit's own).
 */
public final class Eventually {
    /** Short enough that a condition met a moment later is seen a moment later; long enough not to spin. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

    /** A check: passes by returning, fails by throwing. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A check that also yields what it found once it passes. */
    @FunctionalInterface
    public interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private Eventually() {
    }

    /** Runs {@code check} until it passes, at most for {@code timeout}, {@link #DEFAULT_INTERVAL} apart. */
    public static void eventually(Duration timeout, ThrowingRunnable check) {
        eventually(timeout, DEFAULT_INTERVAL, check);
    }

    public static void eventually(Duration timeout, Duration interval, ThrowingRunnable check) {
        eventuallyGet(timeout, interval, () -> {
            check.run();
            return null;
        });
    }

    /** Gets a value from {@code check} once it passes (stops throwing), at most for {@code timeout}. */
    public static <T> T eventuallyGet(Duration timeout, ThrowingSupplier<T> check) {
        return eventuallyGet(timeout, DEFAULT_INTERVAL, check);
    }

    public static <T> T eventuallyGet(Duration timeout, Duration interval, ThrowingSupplier<T> check) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return check.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            } catch (AssertionError | Exception failure) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new AssertionError("still failing after " + Duration.ofNanos(now - start).toMillis()
                            + " ms (" + attempts + " attempts, timeout " + timeout + "): " + failure, failure);
                }
                pause(Math.min(interval.toNanos(), deadline - now));
            }
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
