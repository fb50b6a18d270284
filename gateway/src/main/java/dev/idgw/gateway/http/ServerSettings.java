package dev.idgw.gateway.http;

import dev.idgw.gateway.intake.TrustedProxies;
import java.time.Duration;

/**
 * The player listener's limits, each set on purpose (Vert.x defaults: no idle timeout, 10 MiB bodies).
 *
 * @param idleTimeout a connection with no bytes either way for this long is closed (slowloris)
 * @param bodyReadTimeout a request whose body has not fully arrived this long after it started is dropped
 * @param headerReadTimeout a request head (request line and headers) not complete this long after its first
 *     byte arrived gets 408 and the connection is closed (see {@code HeadReadDeadline})
 * @param maxInFlight ad requests in progress at once; past it new ones get 503 + Retry-After
 * @param maxEventLoopLag an event loop running later than this sheds new requests the same way
 * @param shutdownGrace how long a stopping gateway lets in-flight requests finish
 * @param warmup the most start-up may spend warming the request path before the player port opens; it
 *     ends sooner once the JIT compiler has caught up (see {@code Warmup})
 */
public record ServerSettings(String host, int port, int maxBodyBytes, int maxHeaderBytes, int maxInitialLineBytes,
                             Duration idleTimeout, Duration bodyReadTimeout, Duration headerReadTimeout,
                             TrustedProxies trustedProxies, int maxInFlight, Duration maxEventLoopLag,
                             Duration shutdownGrace, Duration warmup) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;
    public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 4096;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HEADER_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    public static final Duration DEFAULT_MAX_EVENT_LOOP_LAG = Duration.ofMillis(500);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in-flight must be positive");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("body limit must be 1 KiB to 4 MiB");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up budget must not be negative");
        }
        if (headerReadTimeout.isNegative() || headerReadTimeout.isZero()) {
            throw new IllegalArgumentException("header read timeout must be positive");
        }
    }


    public static ServerSettings onPort(int port) {
        return new ServerSettings(DEFAULT_HOST, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_INITIAL_LINE_BYTES, DEFAULT_IDLE_TIMEOUT, DEFAULT_BODY_READ_TIMEOUT,
                DEFAULT_HEADER_READ_TIMEOUT, TrustedProxies.none(),
                DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_EVENT_LOOP_LAG, DEFAULT_SHUTDOWN_GRACE, DEFAULT_WARMUP);
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(newHost, port, maxBodyBytes, maxHeaderBytes, maxInitialLineBytes, idleTimeout,
                bodyReadTimeout, headerReadTimeout, trustedProxies, maxInFlight, maxEventLoopLag, shutdownGrace,
                warmup);
    }

    public ServerSettings withMaxEventLoopLag(Duration lag) {
        return new ServerSettings(host, port, maxBodyBytes, maxHeaderBytes, maxInitialLineBytes, idleTimeout,
                bodyReadTimeout, headerReadTimeout, trustedProxies, maxInFlight, lag, shutdownGrace, warmup);
    }

    public ServerSettings withMaxInFlight(int limit) {
        return new ServerSettings(host, port, maxBodyBytes, maxHeaderBytes, maxInitialLineBytes, idleTimeout,
                bodyReadTimeout, headerReadTimeout, trustedProxies, limit, maxEventLoopLag, shutdownGrace, warmup);
    }

    public ServerSettings withHeaderReadTimeout(Duration timeout) {
        return new ServerSettings(host, port, maxBodyBytes, maxHeaderBytes, maxInitialLineBytes, idleTimeout,
                bodyReadTimeout, timeout, trustedProxies, maxInFlight, maxEventLoopLag, shutdownGrace, warmup);
    }

    public ServerSettings withWarmup(Duration budget) {
        return new ServerSettings(host, port, maxBodyBytes, maxHeaderBytes, maxInitialLineBytes, idleTimeout,
                bodyReadTimeout, headerReadTimeout, trustedProxies, maxInFlight, maxEventLoopLag, shutdownGrace,
                budget);
    }
}
