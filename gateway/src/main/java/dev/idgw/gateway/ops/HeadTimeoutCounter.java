package dev.idgw.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Connections cut off because a request head was not complete within {@code server.headerReadTimeout}
 * ({@code idgw_http_header_timeouts_total{server_name}}; the listener is named as in Vert.x's HTTP server
 * meters): trickled heads, the slowloris pattern. They never reach routing, so {@code idgw.player.requests}
 * does not see them.
 */
public final class HeadTimeoutCounter implements Runnable {
    private final Counter counter;

    /** @param listener {@code player} or {@code internal} */
    public HeadTimeoutCounter(MeterRegistry registry, String listener) {
        counter = Counter.builder("idgw.http.header.timeouts")
                .description("Connections closed with 408 because a request head did not arrive in time")
                .tags("server_name", listener)
                .register(registry);
    }

    /** Counts nothing (the warm-up listener). */
    public static HeadTimeoutCounter none() {
        return new HeadTimeoutCounter(new CompositeMeterRegistry(), "none");
    }

    @Override
    public void run() {
        counter.increment();
    }
}
