package dev.idgw.gateway.sharelog;

import java.time.Duration;
import java.util.Objects;

/**
 * @param writerId this instance's writer id: one stream and one hash chain per writer; two running
 *     instances must never share one
 * @param checkpointEvery sign a checkpoint after this many new entries…
 * @param checkpointInterval …or after this long, whichever comes first
 * @param leaseTtl how long the writer's lease ({@link WriterLease}) outlives its holder: a second instance with
 *     the same writer id is refused while it runs, and may start this long after it was killed
 */
public record ShareLogSettings(String writerId, long checkpointEvery, Duration checkpointInterval, Duration leaseTtl) {
    public static final long DEFAULT_CHECKPOINT_EVERY = 1000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);

    public ShareLogSettings {
        requireWriterId(Objects.requireNonNull(writerId, "writerId"));
        if (checkpointEvery < 1 || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint spacing must be positive");
        }
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the writer lease must last at least 1s (it is renewed every third of it)");
        }
    }

    /** With the default writer lease (15 s). */
    public ShareLogSettings(String writerId, long checkpointEvery, Duration checkpointInterval) {
        this(writerId, checkpointEvery, checkpointInterval, DEFAULT_LEASE_TTL);
    }

    public ShareLogSettings withLeaseTtl(Duration ttl) {
        return new ShareLogSettings(writerId, checkpointEvery, checkpointInterval, ttl);
    }

    /** @throws IllegalArgumentException unless {@code writerId} is 1-64 of [A-Za-z0-9_.-] */
    public static String requireWriterId(String writerId) {
        if (!writerId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("writer id must be 1-64 of [A-Za-z0-9_.-]");
        }
        return writerId;
    }

    public static ShareLogSettings forWriter(String writerId) {
        return new ShareLogSettings(writerId, DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL);
    }
}
