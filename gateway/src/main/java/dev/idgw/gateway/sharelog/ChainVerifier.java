package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.sharelog.VerificationFailure.Kind;
import dev.idgw.keys.VerificationKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies one writer's chain and checkpoints, with no Redis and no gateway: the compliance API and
 * the offline verifier both call this. Stops at the first failure and says where and what.
 *
 * <p>Entries must come in storage order. A range that does not start at seq 1 is anchored by its
 * first entry's previous hash, or by a checkpoint at the seq just before it when there is one.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /**
     * @param toEnd whether the entries are meant to reach the chain's end (then a checkpoint past the
     *     last entry means truncation); false for a time-range export
     */
    public static VerificationReport verify(String writerId, List<StoredEntry> entries, List<Checkpoint> checkpoints,
                                            Function<String, Optional<VerificationKey>> keys, boolean toEnd) {
        Map<Long, String> hashBySeq = new HashMap<>();
        long checked = 0;
        long replays = 0;
        long lastSeq = -1;
        String lastHash = null;
        Map<Long, Checkpoint> checkpointBySeq = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            checkpointBySeq.put(c.seq(), c);
        }
        Set<Long> storedSeqs = new HashSet<>();
        for (StoredEntry stored : entries) {
            storedSeqs.add(stored.seq());
        }
        for (StoredEntry stored : entries) {
            ChainedEntry entry;
            try {
                entry = ShareRecordCodec.decode(stored.json());
            } catch (IllegalArgumentException e) {
                return fail(writerId, stored.seq(), Kind.MALFORMED, "not a share record", checked, replays);
            }
            if (!ShareRecordCodec.encode(entry.record(), entry.seq(), entry.prevHash()).equals(stored.json())) {
                return fail(writerId, stored.seq(), Kind.MALFORMED, "not in canonical form", checked, replays);
            }
            if (!entry.hash().equals(stored.hash())) {
                return fail(writerId, entry.seq(), Kind.ALTERED, "content does not hash to the stored hash", checked, replays);
            }
            if (entry.seq() != stored.seq() || !writerId.equals(entry.writerId())) {
                return fail(writerId, stored.seq(), Kind.ALTERED, "stored seq or writer differs from the entry's own",
                        checked, replays);
            }
            if (lastSeq < 0) {
                Checkpoint anchor = checkpointBySeq.get(entry.seq() - 1);
                if (entry.seq() == 1 && !EntryHash.GENESIS.equals(entry.prevHash())) {
                    return fail(writerId, 1, Kind.BROKEN_LINK, "first entry does not start from genesis", checked, replays);
                }
                // A forged anchor is not evidence of a rewrite: the checkpoint loop below reports it.
                if (anchor != null && signatureVerifies(anchor, writerId, keys)
                        && !anchor.head().equals(entry.prevHash())) {
                    return fail(writerId, entry.seq(), Kind.CHECKPOINT_MISMATCH,
                            "does not extend the checkpointed head at seq " + anchor.seq(), checked, replays);
                }
            } else if (entry.seq() == lastSeq && entry.hash().equals(lastHash)) {
                replays++;
                continue;
            } else if (entry.seq() <= lastSeq) {
                return fail(writerId, entry.seq(), Kind.OUT_OF_ORDER, "follows seq " + lastSeq, checked, replays);
            } else if (entry.seq() > lastSeq + 1 && storedSeqs.contains(lastSeq + 1)) {
                // The "missing" entry comes later in the input: reordered, not deleted.
                return fail(writerId, entry.seq(), Kind.OUT_OF_ORDER, "comes before seq " + (lastSeq + 1)
                        + ", which follows later", checked, replays);
            } else if (entry.seq() > lastSeq + 1) {
                return fail(writerId, lastSeq + 1, Kind.GAP, "entries " + (lastSeq + 1) + ".." + (entry.seq() - 1)
                        + " are missing", checked, replays);
            } else if (!entry.prevHash().equals(lastHash)) {
                return fail(writerId, entry.seq(), Kind.BROKEN_LINK, "previous hash does not match entry " + lastSeq,
                        checked, replays);
            }
            hashBySeq.put(entry.seq(), entry.hash());
            lastSeq = entry.seq();
            lastHash = entry.hash();
            checked++;
        }
        long checkpointsChecked = 0;
        for (Checkpoint c : checkpoints) {
            Optional<VerificationKey> key = keys.apply(c.keyId());
            if (!signatureVerifies(c, writerId, keys)) {
                return fail(writerId, c.seq(), Kind.BAD_CHECKPOINT_SIGNATURE,
                        key.isEmpty() ? "signed with unknown key " + c.keyId() : "signature does not verify",
                        checked, replays);
            }
            String atSeq = hashBySeq.get(c.seq());
            if (atSeq != null && !atSeq.equals(c.head())) {
                return fail(writerId, c.seq(), Kind.CHECKPOINT_MISMATCH, "entry hash differs from the signed head",
                        checked, replays);
            }
            if (toEnd && c.seq() > Math.max(lastSeq, 0)) {
                return fail(writerId, Math.max(lastSeq, 0) + 1, Kind.TRUNCATED, "a checkpoint vouches for " + c.seq()
                        + " entries but the log ends at " + Math.max(lastSeq, 0), checked, replays);
            }
            checkpointsChecked++;
        }
        return new VerificationReport(checked, checkpointsChecked, replays, Optional.empty());
    }

    private static boolean signatureVerifies(Checkpoint c, String writerId,
                                             Function<String, Optional<VerificationKey>> keys) {
        Optional<VerificationKey> key = keys.apply(c.keyId());
        return c.writerId().equals(writerId) && key.isPresent() && key.get().verify(c.signedBytes(), c.signatureBytes());
    }

    private static VerificationReport fail(String writerId, long seq, Kind kind, String detail, long checked,
                                           long replays) {
        return new VerificationReport(checked, 0, replays,
                Optional.of(new VerificationFailure(writerId, seq, kind, detail)));
    }
}
