package dev.idgw.gateway.config;

import dev.idgw.gateway.consent.ConsentCacheSettings;
import java.time.Duration;

/** {@code consentCache:} the consent cache and its staleness bound. Defaults: {@link ConsentCacheSettings#DEFAULTS}. */
final class ConsentCacheReader {
    private ConsentCacheReader() {
    }

    static ConsentCacheSettings read(ConfigNode n) {
        ConsentCacheSettings d = ConsentCacheSettings.DEFAULTS;
        boolean enabled = n.bool("enabled", d.enabled());
        int maxEntries = n.integer("maxEntries", d.maxEntries(), 1, 100_000_000);
        Duration maxAge = n.duration("maxAge", d.maxAge(), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration maxStaleness = n.duration("maxStaleness", d.maxStaleness(), Duration.ofMillis(20),
                Duration.ofMinutes(1));
        Duration heartbeat = n.duration("heartbeat", d.heartbeat(), Duration.ofMillis(10), Duration.ofSeconds(30));
        if (heartbeat.multipliedBy(2).compareTo(maxStaleness) > 0) {
            // At most half: one lost heartbeat must not be enough to leave the bound.
            throw n.error("heartbeat", "must be at most half of maxStaleness (" + maxStaleness.toMillis() + "ms)");
        }
        n.rejectUnknownKeys();
        return new ConsentCacheSettings(enabled, maxEntries, maxAge, maxStaleness, heartbeat);
    }
}
