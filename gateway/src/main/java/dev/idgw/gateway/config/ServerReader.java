package dev.idgw.gateway.config;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.intake.TrustedProxies;
import java.util.List;

/**
 * {@code server:} the player listener's address and limits. Defaults: the {@code DEFAULT_*} of
 * {@link ServerSettings}. One line per key: its name, default and limits (the read makes the key known).
 */
final class ServerReader {
    private ServerReader() {
    }

    static ServerSettings read(ConfigNode n) {
        ServerSettings server = new ServerSettings(
                n.string("host", ServerSettings.DEFAULT_HOST),
                n.integer("port", ServerSettings.DEFAULT_PORT, 0, 65535),
                n.integer("maxBodyBytes", ServerSettings.DEFAULT_MAX_BODY_BYTES, 1024, 4 * 1024 * 1024),
                n.integer("maxHeaderBytes", ServerSettings.DEFAULT_MAX_HEADER_BYTES, 1024, 65536),
                n.integer("maxInitialLineBytes", ServerSettings.DEFAULT_MAX_INITIAL_LINE_BYTES, 256, 16384),
                n.duration("idleTimeout", ServerSettings.DEFAULT_IDLE_TIMEOUT, ofSeconds(1), ofMinutes(10)),
                n.duration("bodyReadTimeout", ServerSettings.DEFAULT_BODY_READ_TIMEOUT, ofMillis(100), ofMinutes(1)),
                n.duration("headerReadTimeout", ServerSettings.DEFAULT_HEADER_READ_TIMEOUT, ofMillis(100), ofMinutes(1)),
                trustedProxies(n),
                n.integer("maxInFlight", ServerSettings.DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000),
                n.duration("maxEventLoopLag", ServerSettings.DEFAULT_MAX_EVENT_LOOP_LAG, ofMillis(10), ofSeconds(10)),
                n.duration("shutdownGrace", ServerSettings.DEFAULT_SHUTDOWN_GRACE, ZERO, ofMinutes(5)),
                n.duration("warmup", ServerSettings.DEFAULT_WARMUP, ZERO, ofMinutes(2)));
        n.rejectUnknownKeys();
        return server;
    }

    /** Each entry an IP address or CIDR block; a bad one is named by its place in the list. */
    private static TrustedProxies trustedProxies(ConfigNode n) {
        var entries = n.strings("trustedProxies");
        for (int i = 0; i < entries.size(); i++) {
            try {
                TrustedProxies.of(List.of(entries.get(i)));
            } catch (IllegalArgumentException e) {
                throw n.error("trustedProxies[" + i + "]", e.getMessage());
            }
        }
        return TrustedProxies.of(entries);
    }
}
