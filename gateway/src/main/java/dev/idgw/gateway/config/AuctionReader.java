package dev.idgw.gateway.config;

import dev.idgw.gateway.auction.AuctionSettings;
import java.time.Duration;

/** {@code auction:} request deadlines. Defaults: the {@code DEFAULT_*} of {@link AuctionSettings}. */
final class AuctionReader {
    private AuctionReader() {
    }

    static AuctionSettings read(ConfigNode n) {
        Duration defaultTmax = n.duration("defaultTmax", AuctionSettings.DEFAULT_TMAX, Duration.ofMillis(20),
                Duration.ofSeconds(10));
        Duration maxTmax = n.duration("maxTmax", AuctionSettings.DEFAULT_MAX_TMAX, Duration.ofMillis(20),
                Duration.ofSeconds(10));
        Duration reserve = n.duration("assemblyReserve", AuctionSettings.DEFAULT_ASSEMBLY_RESERVE, Duration.ZERO,
                Duration.ofSeconds(1));
        if (defaultTmax.compareTo(maxTmax) > 0) {
            throw n.error("defaultTmax", "must not exceed maxTmax (" + maxTmax.toMillis() + "ms)");
        }
        if (reserve.compareTo(defaultTmax) >= 0) {
            throw n.error("assemblyReserve", "must be shorter than defaultTmax (" + defaultTmax.toMillis() + "ms)");
        }
        n.rejectUnknownKeys();
        return new AuctionSettings(defaultTmax, maxTmax, reserve);
    }
}
