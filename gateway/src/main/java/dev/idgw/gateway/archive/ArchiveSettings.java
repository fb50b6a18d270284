package dev.idgw.gateway.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param dir where segments live: {@code <dir>/<writerId>/seg-…}; may be shared by all instances
 * @param hotWindow entries younger than this stay in Redis only
 * @param segmentMaxEntries the most entries one segment holds
 * @param runEvery how often the archiver looks for entries to seal
 * @param rawRetention segments' entries are deleted once their newest entry is this old (whole segments)
 * @param aggregateRetention manifests (monthly counts, no personal data) are deleted after this
 */
public record ArchiveSettings(boolean enabled, Path dir, Duration hotWindow, int segmentMaxEntries, Duration runEvery,
                              Duration rawRetention, Duration aggregateRetention) {
    public static final boolean DEFAULT_ENABLED = true;
    /** Relative to the folder of gateway.yaml. */
    public static final Path DEFAULT_DIR = Path.of("../sharelog-archive");
    public static final Duration DEFAULT_HOT_WINDOW = Duration.ofHours(6);
    public static final int DEFAULT_SEGMENT_MAX_ENTRIES = 100_000;
    public static final Duration DEFAULT_RUN_EVERY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RAW_RETENTION = Duration.ofDays(90);
    public static final Duration DEFAULT_AGGREGATE_RETENTION = Duration.ofDays(731);

    public ArchiveSettings {
        Objects.requireNonNull(dir, "dir");
        if (segmentMaxEntries < 1 || hotWindow.isNegative() || runEvery.isNegative() || runEvery.isZero()) {
            throw new IllegalArgumentException("segment size, hot window and run interval must be positive");
        }
        if (aggregateRetention.compareTo(rawRetention) < 0) {
            throw new IllegalArgumentException("aggregates must be kept at least as long as raw entries");
        }
    }

    public static ArchiveSettings disabled(Path dir) {
        return new ArchiveSettings(false, dir, DEFAULT_HOT_WINDOW, DEFAULT_SEGMENT_MAX_ENTRIES, DEFAULT_RUN_EVERY,
                DEFAULT_RAW_RETENTION, DEFAULT_AGGREGATE_RETENTION);
    }
}
