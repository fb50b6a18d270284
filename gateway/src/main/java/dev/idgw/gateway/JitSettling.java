package dev.idgw.gateway;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells the warm-up when the JIT compiler has caught up with the request path: over the last window,
 * compilation took less than a small share of the wall time. Until then a fresh JVM spends a large
 * part of its CPU compiling (measured on the shared bench: 43 % of the gateway's CPU in the first
 * 20 s of load after a 10 s warm-up, 10 % after 40 s), so the first thousands of players would pay for
 * it. Both time sources are injected so the rule can be tested without a JIT.
 */
final class JitSettling {
    static final Duration WINDOW = Duration.ofMillis(500);
    /** Compilation below this share of a window's wall time counts as caught up (summed over compiler threads). */
    static final double QUIET_SHARE = 0.05;

    private final LongSupplier nanoTime;
    private final LongSupplier compileMillis;
    private long windowStartNanos;
    private long windowStartCompileMillis;
    private boolean caughtUp;

    JitSettling(LongSupplier nanoTime, LongSupplier compileMillis) {
        this.nanoTime = nanoTime;
        this.compileMillis = compileMillis;
        this.windowStartNanos = nanoTime.getAsLong();
        this.windowStartCompileMillis = compileMillis.getAsLong();
    }

    /** This JVM's JIT; on a JVM that does not report compile time it is never "settled" (the budget ends warm-up). */
    static JitSettling ofThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new JitSettling(System::nanoTime, timed ? jit::getTotalCompilationTime : () -> -1);
    }

    /**
     * Call between rounds of work. True once a whole window has passed in which compilation stayed under
     * {@link #QUIET_SHARE}; each completed window starts the next one.
     */
    boolean settled() {
        long now = nanoTime.getAsLong();
        long elapsed = now - windowStartNanos;
        if (elapsed < WINDOW.toNanos()) {
            return false;
        }
        long compiled = compileMillis.getAsLong();
        boolean quiet = windowStartCompileMillis >= 0 && compiled >= 0
                && (compiled - windowStartCompileMillis) * 1_000_000.0 < QUIET_SHARE * elapsed;
        windowStartNanos = now;
        windowStartCompileMillis = compiled;
        caughtUp |= quiet;
        return quiet;
    }

    /** Whether {@link #settled()} has ever answered true. */
    boolean caughtUp() {
        return caughtUp;
    }
}
