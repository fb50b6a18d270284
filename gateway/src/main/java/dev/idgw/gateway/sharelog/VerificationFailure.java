package dev.idgw.gateway.sharelog;

/**
 * The first thing wrong with a share log, located precisely.
 *
 * @param seq the entry (or checkpoint) sequence number where it was found
 */
public record VerificationFailure(String writerId, long seq, Kind kind, String detail) {
    public enum Kind {
        /** The stored JSON is not a share record, or not in canonical form. */
        MALFORMED,
        /** The entry's content does not hash to its stored hash: it was altered. */
        ALTERED,
        /** The entry does not extend the previous entry's hash. */
        BROKEN_LINK,
        /** Sequence numbers skip: entries were deleted. */
        GAP,
        /** Sequence numbers go backwards or repeat with different content: reordered or forged. */
        OUT_OF_ORDER,
        /** A checkpoint's signature does not verify, or its key is not one of the gateway's. */
        BAD_CHECKPOINT_SIGNATURE,
        /** A validly signed checkpoint disagrees with the entries: history was rewritten. */
        CHECKPOINT_MISMATCH,
        /** Entries a checkpoint vouches for are missing from the end: the log was truncated. */
        TRUNCATED
    }

    @Override
    public String toString() {
        return kind + " in writer " + writerId + " at seq " + seq + ": " + detail;
    }
}
