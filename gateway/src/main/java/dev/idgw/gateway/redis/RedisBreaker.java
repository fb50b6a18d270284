package dev.idgw.gateway.redis;

import dev.idgw.gateway.time.Ticker;
import dev.idgw.gateway.time.TickerClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A circuit breaker in front of one Redis link. While Redis hangs, every command would wait out its
 * timeout; once most recent commands failed, the breaker answers "unavailable" at once instead (the
 * caller strips identity), and after a second lets a few commands through to see whether Redis is
 * back, so the gateway recovers by itself. All its time (the open state's wait, how long commands took,
 * idleness) is read from one {@link Ticker}.
 */
public final class RedisBreaker {
    private final CircuitBreaker breaker;
    private final Runnable onSuccess;
    private final java.util.function.Consumer<Throwable> onFailure;
    private final Ticker ticker;
    /** When a command last asked for a permit: the readiness probe stays out of the way of real traffic. */
    private volatile long lastAskedNanos;

    public RedisBreaker(String name, Ticker ticker) {
        this(name, ticker, () -> { }, error -> { });
    }

    /** @param onSuccess and {@code onFailure} let the link watch for a connection that died silently */
    RedisBreaker(String name, Ticker ticker, Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure) {
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.ticker = ticker;
        this.lastAskedNanos = ticker.nanos();
        this.breaker = CircuitBreaker.of("redis-" + name, CircuitBreakerConfig.custom()
                .clock(new TickerClock(ticker)) // the wait in the open state
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
    }

    /** False while the breaker is open: do not send the command, treat Redis as unavailable. */
    public boolean tryAcquire() {
        lastAskedNanos = ticker.nanos();
        return breaker.tryAcquirePermission();
    }

    /** Nanoseconds since a command last asked for a permit. */
    public long idleNanos() {
        return ticker.nanos() - lastAskedNanos;
    }

    /** Now on the breaker's ticker: when a command starts, for {@link #succeeded} and {@link #failed}. */
    public long nanos() {
        return ticker.nanos();
    }

    /** @param startNanos when the command started, from {@link #nanos()} */
    public void succeeded(long startNanos) {
        breaker.onSuccess(ticker.nanos() - startNanos, TimeUnit.NANOSECONDS);
        onSuccess.run();
    }

    /** @param startNanos when the command started, from {@link #nanos()} */
    public void failed(long startNanos, Throwable error) {
        breaker.onError(ticker.nanos() - startNanos, TimeUnit.NANOSECONDS, error);
        onFailure.accept(error);
    }

    public void abandon() {
        breaker.releasePermission();
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }
}
