package dev.idgw.gateway.sharelog;

import java.time.Duration;
import java.util.Objects;

/**
 * @param writerId this instance's writer id: one stream and one hash chain per writer; two running
 *     instances must never share one
 * @param checkpointEvery sign a checkpoint after this many new entries…
 * @param checkpointInterval …or after this long, whichever comes first
 */
public record ShareLogSettings(String writerId, long checkpointEvery, Duration checkpointInterval) {
    public static final long DEFAULT_CHECKPOINT_EVERY = 1000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    public ShareLogSettings {
        requireWriterId(Objects.requireNonNull(writerId, "writerId"));
        if (checkpointEvery < 1 || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint spacing must be positive");
        }
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
