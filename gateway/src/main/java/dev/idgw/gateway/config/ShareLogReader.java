package dev.idgw.gateway.config;

import dev.idgw.gateway.sharelog.ShareLogSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * {@code shareLog:} this instance's writer id, checkpoint spacing and writer lease. Defaults: the {@code DEFAULT_*}
 * of {@link ShareLogSettings}; the writer id defaults to the host name ({@link #defaultWriterId()}).
 */
final class ShareLogReader {
    private ShareLogReader() {
    }

    static ShareLogSettings read(ConfigNode n) {
        ShareLogSettings shareLog = new ShareLogSettings(
                n.has("writerId") ? n.parsed("writerId", ShareLogSettings::requireWriterId) : defaultWriterId(),
                n.integer("checkpointEvery", (int) ShareLogSettings.DEFAULT_CHECKPOINT_EVERY, 1, 10_000_000),
                n.duration("checkpointInterval", ShareLogSettings.DEFAULT_CHECKPOINT_INTERVAL, Duration.ofMillis(100),
                        Duration.ofHours(1)),
                n.duration("leaseTtl", ShareLogSettings.DEFAULT_LEASE_TTL, Duration.ofSeconds(1), Duration.ofMinutes(10)));
        n.rejectUnknownKeys();
        return shareLog;
    }

    /** The host name, so two instances on two hosts never share a chain by accident. */
    static String defaultWriterId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "gateway";
            }
        }
        String id = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        return id.isEmpty() ? "gateway" : id.substring(0, Math.min(64, id.length()));
    }
}
