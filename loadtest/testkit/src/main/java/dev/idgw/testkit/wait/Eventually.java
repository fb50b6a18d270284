package dev.idgw.testkit.wait;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for something to happen instead of sleeping for a guessed time: runs a check again and again,
 * a short interval apart, until it passes or the timeout runs out. A check fails by throwing (an
 * AssertJ assertion, an exception of the code it calls); when time is up the last failure is rethrown
 * inside an {@link AssertionError} that says how long it waited and how often it tried, so a timeout
 * reads like the assertion that never came true.
 *
 * <p>The one waiting helper of every module's tests (the gateway's, the load test's, testkit's own).
 * Tests on Vert.x, whose checks answer with a {@link Future} and must not sleep on an event loop, use
 * {@link #eventuallyFuture}: the same retries and the same failure, between attempts a Vert.x timer.
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

    /**
     * {@link #eventuallyGet} for a check that answers with a {@link Future}: a failed answer (or a check that
     * throws) is tried again on a Vert.x timer {@code interval} later, never by blocking a thread, until one
     * succeeds or {@code timeout} has passed; then the returned future fails with the AssertionError
     * {@link #eventuallyGet} would throw.
     */
    public static <T> Future<T> eventuallyFuture(Vertx vertx, Duration timeout, Duration interval,
                                                 Supplier<Future<T>> check) {
        return attempt(vertx, System.nanoTime(), timeout, interval, check, 1);
    }

    private static <T> Future<T> attempt(Vertx vertx, long start, Duration timeout, Duration interval,
                                         Supplier<Future<T>> check, int attempts) {
        Future<T> answer;
        try {
            answer = check.get();
        } catch (RuntimeException | AssertionError failure) {
            answer = Future.failedFuture(failure);
        }
        return answer.recover(failure -> {
            long now = System.nanoTime();
            long left = start + timeout.toNanos() - now;
            if (left <= 0) {
                return Future.failedFuture(new AssertionError("still failing after "
                        + Duration.ofNanos(now - start).toMillis() + " ms (" + attempts + " attempts, timeout "
                        + timeout + "): " + failure, failure));
            }
            long pauseMillis = Math.max(1, Math.min(interval.toMillis(), Duration.ofNanos(left).toMillis()));
            return vertx.timer(pauseMillis).compose(paused -> attempt(vertx, start, timeout, interval, check,
                    attempts + 1));
        });
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
