package dev.idgw.gateway.config;

import static dev.idgw.gateway.http.ServerSettings.DEFAULT_BODY_READ_TIMEOUT;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_HOST;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_IDLE_TIMEOUT;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_MAX_BODY_BYTES;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_MAX_EVENT_LOOP_LAG;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_MAX_HEADER_BYTES;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_MAX_INITIAL_LINE_BYTES;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_MAX_IN_FLIGHT;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_PORT;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_SHUTDOWN_GRACE;
import static dev.idgw.gateway.http.ServerSettings.DEFAULT_WARMUP;

import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.intake.TrustedProxies;
import java.time.Duration;

/** {@code server:} the player listener's address and limits. Defaults: the {@code DEFAULT_*} of {@link ServerSettings}. */
final class ServerReader {
    private ServerReader() {
    }

    static ServerSettings read(ConfigNode n) {
        ServerSettings server = new ServerSettings(
                n.string("host", DEFAULT_HOST),
                n.integer("port", DEFAULT_PORT, 0, 65535),
                n.integer("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1024, 4 * 1024 * 1024),
                n.integer("maxHeaderBytes", DEFAULT_MAX_HEADER_BYTES, 1024, 65536),
                n.integer("maxInitialLineBytes", DEFAULT_MAX_INITIAL_LINE_BYTES, 256, 16384),
                n.duration("idleTimeout", DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                n.duration("bodyReadTimeout", DEFAULT_BODY_READ_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1)),
                trustedProxies(n),
                n.integer("maxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000),
                n.duration("maxEventLoopLag", DEFAULT_MAX_EVENT_LOOP_LAG, Duration.ofMillis(10), Duration.ofSeconds(10)),
                n.duration("shutdownGrace", DEFAULT_SHUTDOWN_GRACE, Duration.ZERO, Duration.ofMinutes(5)),
                n.duration("warmup", DEFAULT_WARMUP, Duration.ZERO, Duration.ofMinutes(2)));
        n.rejectUnknownKeys();
        return server;
    }

    /** Each entry an IP address or CIDR block; a bad one is named by its place in the list. */
    private static TrustedProxies trustedProxies(ConfigNode n) {
        var entries = n.strings("trustedProxies");
        for (int i = 0; i < entries.size(); i++) {
            try {
                TrustedProxies.of(java.util.List.of(entries.get(i)));
            } catch (IllegalArgumentException e) {
                throw n.error("trustedProxies[" + i + "]", e.getMessage());
            }
        }
        return TrustedProxies.of(entries);
    }
}
