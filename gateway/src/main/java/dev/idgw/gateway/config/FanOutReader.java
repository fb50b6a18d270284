package dev.idgw.gateway.config;

import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.fanout.GuardSettings;
import java.time.Duration;

/**
 * {@code fanOut:} partner connections, and {@code fanOut.breaker:} each partner's circuit breaker.
 * Defaults: the {@code DEFAULT_*} of {@link FanOutSettings} and {@link GuardSettings#defaults()}.
 */
final class FanOutReader {
    private FanOutReader() {
    }

    static FanOutSettings read(ConfigNode n) {
        GuardSettings d = GuardSettings.defaults();
        ConfigNode b = n.objectOrEmpty("breaker");
        GuardSettings guards = new GuardSettings(b.integer("window", d.breakerWindow(), 1, 10_000),
                b.integer("minimumCalls", d.breakerMinimumCalls(), 1, 10_000),
                b.integer("failureRatePercent", (int) d.breakerFailureRatePercent(), 1, 100),
                b.duration("openFor", d.breakerOpenFor(), Duration.ofMillis(10), Duration.ofMinutes(10)),
                b.integer("halfOpenCalls", d.breakerHalfOpenCalls(), 1, 1000),
                n.integer("maxConcurrentCallsPerPartner", d.maxConcurrentCallsPerPartner(), 1, 100_000));
        b.rejectUnknownKeys();
        FanOutSettings fanOut = new FanOutSettings(
                n.duration("connectTimeout", FanOutSettings.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1),
                        Duration.ofSeconds(10)),
                n.integer("maxConnectionsPerPartner", FanOutSettings.DEFAULT_MAX_CONNECTIONS_PER_PARTNER, 1, 10_000),
                n.integer("maxResponseBytes", FanOutSettings.DEFAULT_MAX_RESPONSE_BYTES, 1024, 64 * 1024 * 1024),
                guards);
        n.rejectUnknownKeys();
        return fanOut;
    }
}
