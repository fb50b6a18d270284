package dev.idgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitSettlingTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong compileMillis = new AtomicLong(5_000);
    private final JitSettling jit = new JitSettling(nanos::get, compileMillis::get);

    @Test
    void notSettledBeforeAWholeWindowHasPassed() {
        nanos.addAndGet(JitSettling.WINDOW.toNanos() - 1);
        assertThat(jit.settled()).isFalse();
        assertThat(jit.caughtUp()).isFalse();
    }

    @Test
    void busyCompilerIsNotSettledThenAQuietWindowIs() {
        nanos.addAndGet(500_000_000L);
        compileMillis.addAndGet(200); // 40 % of the window compiling
        assertThat(jit.settled()).isFalse();
        nanos.addAndGet(500_000_000L);
        compileMillis.addAndGet(24); // 4.8 %: under the 5 % line
        assertThat(jit.settled()).isTrue();
        assertThat(jit.caughtUp()).isTrue();
    }

    @Test
    void compileTimeRightAtTheLineIsStillBusy() {
        nanos.addAndGet(1_000_000_000L);
        compileMillis.addAndGet(50); // exactly 5 % of 1 s
        assertThat(jit.settled()).isFalse();
    }

    @Test
    void aJvmWithoutCompileTimeNeverSettlesSoTheBudgetDecides() {
        JitSettling blind = new JitSettling(nanos::get, () -> -1);
        nanos.addAndGet(10_000_000_000L);
        assertThat(blind.settled()).isFalse();
        assertThat(blind.caughtUp()).isFalse();
    }
}
