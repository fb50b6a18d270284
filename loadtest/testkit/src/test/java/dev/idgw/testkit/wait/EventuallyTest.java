package dev.idgw.testkit.wait;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    @Test
    void shouldReturnOnceTheCheckPasses() {
        AtomicInteger calls = new AtomicInteger();
        String found = eventuallyGet(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            assertThat(calls.incrementAndGet()).isGreaterThanOrEqualTo(3);
            return "third";
        });
        assertThat(found).isEqualTo("third");
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldRetryExceptionsToo() {
        AtomicInteger calls = new AtomicInteger();
        eventually(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            if (calls.incrementAndGet() < 2) {
                throw new IOException("not listening yet");
            }
        });
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldFailWithTheLastFailureAndHowLongItWaited() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> eventually(Duration.ofMillis(100), Duration.ofMillis(10),
                () -> assertThat(calls.incrementAndGet()).as("attempt").isZero()))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s)still failing after \\d+ ms \\(\\d+ attempts, timeout PT0\\.1S\\): .*attempt.*")
                .cause().isInstanceOf(AssertionError.class);
        assertThat(calls.get()).isGreaterThan(1);
    }
}
