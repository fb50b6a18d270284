package dev.idgw.gateway.fanout;

import java.time.Duration;

/**
 * @param connectTimeout TCP connect limit per partner connection (the Vert.x default is 60 s)
 * @param maxConnectionsPerPartner pooled keep-alive connections per partner endpoint
 * @param maxResponseBytes a partner response larger than this is discarded as OVERSIZE
 * @param guards each partner's circuit breaker and bulkhead
 */
public record FanOutSettings(Duration connectTimeout, int maxConnectionsPerPartner, int maxResponseBytes,
                             GuardSettings guards) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PARTNER = 64;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    public FanOutSettings {
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        if (maxConnectionsPerPartner < 1 || maxResponseBytes < 1024) {
            throw new IllegalArgumentException("connections must be positive and the response limit at least 1024 bytes");
        }
    }

    public static FanOutSettings defaults() {
        return new FanOutSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_PARTNER, DEFAULT_MAX_RESPONSE_BYTES,
                GuardSettings.defaults());
    }
}
