package dev.idgw.testkit.wait;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static dev.idgw.testkit.wait.Eventually.eventuallyFuture;
import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
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

    @Test
    void shouldAnswerOnceTheFutureCheckPassesAfterThrowsAndFailedAnswers(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger calls = new AtomicInteger();
        eventuallyFuture(vertx, Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not listening yet");
            }
            return Future.succeededFuture(calls.get()).map(n -> {
                assertThat(n).isGreaterThanOrEqualTo(3);
                return "third";
            });
        }).onComplete(ctx.succeeding(found -> ctx.verify(() -> {
            assertThat(found).isEqualTo("third");
            assertThat(calls).hasValue(3);
            ctx.completeNow();
        })));
    }

    @Test
    void shouldFailTheFutureWithTheLastFailureAndHowLongItWaited(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger calls = new AtomicInteger();
        eventuallyFuture(vertx, Duration.ofMillis(100), Duration.ofMillis(10),
                () -> Future.succeededFuture(calls.incrementAndGet()).map(n -> assertThat(n).as("attempt").isZero()))
                .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                    assertThat(failure).isInstanceOf(AssertionError.class)
                            .hasMessageMatching("(?s)still failing after \\d+ ms \\(\\d+ attempts, timeout PT0\\.1S\\): .*attempt.*")
                            .cause().isInstanceOf(AssertionError.class);
                    assertThat(calls.get()).isGreaterThan(1);
                    ctx.completeNow();
                })));
    }
}
