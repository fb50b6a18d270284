package dev.idgw.gateway.config;

import dev.idgw.gateway.archive.ArchiveSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code archive:} sealing old share-log entries into segments, and retention. Defaults: the
 * {@code DEFAULT_*} of {@link ArchiveSettings}.
 */
final class ArchiveReader {
    private ArchiveReader() {
    }

    /** The archive settings, {@code dir} resolved against {@code base} (gateway.yaml's folder). */
    static ArchiveSettings read(ConfigNode n, Path base) {
        boolean enabled = n.bool("enabled", ArchiveSettings.DEFAULT_ENABLED);
        Path dir = n.resolvedPath("dir", base, ArchiveSettings.DEFAULT_DIR);
        Duration hotWindow = n.duration("hotWindow", ArchiveSettings.DEFAULT_HOT_WINDOW, Duration.ZERO,
                Duration.ofDays(30));
        int segmentMaxEntries = n.integer("segmentMaxEntries", ArchiveSettings.DEFAULT_SEGMENT_MAX_ENTRIES, 1,
                10_000_000);
        Duration runEvery = n.duration("runEvery", ArchiveSettings.DEFAULT_RUN_EVERY, Duration.ofMillis(100),
                Duration.ofDays(1));
        Duration rawRetention = n.duration("rawRetention", ArchiveSettings.DEFAULT_RAW_RETENTION,
                Duration.ofMinutes(1), Duration.ofDays(3650));
        Duration aggregateRetention = n.duration("aggregateRetention", ArchiveSettings.DEFAULT_AGGREGATE_RETENTION,
                Duration.ofMinutes(1), Duration.ofDays(3650));
        if (aggregateRetention.compareTo(rawRetention) < 0) {
            throw n.error("aggregateRetention", "must be at least rawRetention (" + rawRetention.toMinutes()
                    + " min): aggregates are kept at least as long as raw entries");
        }
        n.rejectUnknownKeys();
        return new ArchiveSettings(enabled, dir, hotWindow, segmentMaxEntries, runEvery, rawRetention,
                aggregateRetention);
    }
}
