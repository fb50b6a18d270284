package dev.idgw.gateway.consent;

import java.time.Duration;
import java.util.Objects;

/**
 * The consent cache: decoded consent records kept in the gateway, each dropped the moment Redis says
 * the record changed (RESP3 client tracking on the consent connection).
 *
 * @param enabled off: every request reads Redis (one HGETALL)
 * @param maxEntries devices kept; the least recently used go first
 * @param maxAge an entry is re-read after this long even if nothing invalidated it (defence in depth)
 * @param maxStaleness the staleness bound: the cache is served only while a heartbeat sent on the tracked
 *     connection within this long has been answered. Redis delivers an invalidation before the reply to
 *     any command issued after the change, so an answered heartbeat proves every change made before it
 *     was sent has been applied here; a silent or dead connection stops the cache within this bound
 * @param heartbeat how often that heartbeat (CLIENT ID) is sent; well under {@code maxStaleness}
 */
public record ConsentCacheSettings(boolean enabled, int maxEntries, Duration maxAge, Duration maxStaleness,
                                   Duration heartbeat) {
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMillis(200);
    public static final ConsentCacheSettings DEFAULTS = new ConsentCacheSettings(true, DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_AGE, DEFAULT_MAX_STALENESS, DEFAULT_HEARTBEAT);
    public static final ConsentCacheSettings OFF = new ConsentCacheSettings(false, DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_AGE, DEFAULT_MAX_STALENESS, DEFAULT_HEARTBEAT);

    public ConsentCacheSettings {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        if (heartbeat.multipliedBy(2).compareTo(maxStaleness) > 0) {
            throw new IllegalArgumentException("heartbeat must be at most half of maxStaleness");
        }
    }
}
