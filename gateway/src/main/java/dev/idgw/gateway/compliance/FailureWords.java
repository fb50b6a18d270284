package dev.idgw.gateway.compliance;

import dev.idgw.gateway.sharelog.VerificationFailure;

/** The first failure of a verification in words for the person who has to act on it. */
final class FailureWords {
    private FailureWords() {
    }

    static String of(VerificationFailure f) {
        String where = "entry " + f.seq() + " of writer " + f.writerId();
        return switch (f.kind()) {
            case ALTERED -> where + " was altered after it was written: its content no longer matches the hash"
                    + " stored with it.";
            case MALFORMED -> where + " is not a well-formed share record: it was edited by hand or corrupted.";
            case BROKEN_LINK -> where + " does not continue the entry before it: an entry before it was replaced"
                    + " or removed.";
            case GAP -> "entries are missing before " + where + ": sequence numbers skip, so entries were deleted.";
            case OUT_OF_ORDER -> where + " is out of order: entries were reordered or a forged entry was inserted.";
            case BAD_CHECKPOINT_SIGNATURE -> "the signed checkpoint (or archive manifest) at " + where
                    + " does not verify with any of the gateway's keys: it was forged or altered.";
            case CHECKPOINT_MISMATCH -> where + " differs from what a validly signed checkpoint recorded:"
                    + " history was rewritten after the checkpoint.";
            case TRUNCATED -> "the log was truncated: a signed checkpoint vouches for entries up to " + f.seq()
                    + " or beyond, but the log of writer " + f.writerId() + " ends before them.";
        };
    }
}
