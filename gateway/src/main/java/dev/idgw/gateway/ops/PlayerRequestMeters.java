package dev.idgw.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Ad-pod requests by outcome, timed from routing to the last byte of the answer. The outcome is a fixed
 * word per status the player route answers with ({@code 503} there only ever means shed); a request
 * Netty refused before routing (431, 414) is not counted here, only in Vert.x's own meters; a head cut off
 * by {@code headerReadTimeout} (408 before routing) is counted by {@link #headTimeouts()}.
 */
public final class PlayerRequestMeters {
    private final Timer ok;
    private final Timer noFill;
    private final Timer badRequest;
    private final Timer methodNotAllowed;
    private final Timer bodyTimeout;
    private final Timer tooLarge;
    private final Timer clientError;
    private final Timer shed;
    private final Timer error;
    private final Timer aborted;
    private final HeadTimeoutCounter headTimeouts;

    public PlayerRequestMeters(MeterRegistry registry) {
        ok = timer(registry, "ok");
        noFill = timer(registry, "no_fill");
        badRequest = timer(registry, "bad_request");
        methodNotAllowed = timer(registry, "method_not_allowed");
        bodyTimeout = timer(registry, "body_timeout");
        tooLarge = timer(registry, "too_large");
        clientError = timer(registry, "client_error");
        shed = timer(registry, "shed");
        error = timer(registry, "error");
        aborted = timer(registry, "aborted");
        headTimeouts = new HeadTimeoutCounter(registry, "player");
    }

    /** Records nothing (the warm-up listener). */
    public static PlayerRequestMeters none() {
        return new PlayerRequestMeters(new CompositeMeterRegistry());
    }

    /** The player listener's count of request heads cut off by {@code server.headerReadTimeout}. */
    public HeadTimeoutCounter headTimeouts() {
        return headTimeouts;
    }

    /** A routed handler on the ad-pod path (other methods than POST): records the request when its answer is done. */
    public void observe(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> record(start, done.succeeded(), ctx.response().getStatusCode()));
        ctx.next();
    }

    /**
     * Records one ad-pod request that started at {@code startNanos}: {@code answered} false when the
     * connection closed before the answer was complete.
     */
    public void record(long startNanos, boolean answered, int status) {
        timer(answered, status).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(boolean answered, int status) {
        if (!answered) {
            return aborted; // the connection closed before the answer was complete
        }
        return switch (status) {
            case 200 -> ok;
            case 204 -> noFill;
            case 400 -> badRequest;
            case 405 -> methodNotAllowed;
            case 408 -> bodyTimeout;
            case 413 -> tooLarge;
            case 503 -> shed;
            default -> status >= 400 && status < 500 ? clientError : error;
        };
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("idgw.player.requests")
                .description("Ad-pod requests by outcome, routing to last byte of the answer")
                .tags("outcome", outcome)
                .serviceLevelObjectives(LatencyBuckets.AUCTION)
                .register(registry);
    }
}
