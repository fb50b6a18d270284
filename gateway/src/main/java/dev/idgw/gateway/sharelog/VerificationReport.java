package dev.idgw.gateway.sharelog;

import java.util.Optional;

/**
 * @param replays exact duplicates of an entry (a client retry), tolerated and counted
 */
public record VerificationReport(long entriesChecked, long checkpointsChecked, long replays,
                                 Optional<VerificationFailure> firstFailure) {
    public boolean ok() {
        return firstFailure.isEmpty();
    }
}
