package dev.idgw.gateway.time;

/**
 * Monotonic time in nanoseconds, for deadlines and staleness bounds: only differences between two
 * readings mean anything (wall time, what a record is stamped with, is a {@link java.time.Clock}).
 * Injected so that tests advance time instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {
    /** {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
