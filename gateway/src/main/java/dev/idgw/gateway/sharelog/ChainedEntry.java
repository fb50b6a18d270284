package dev.idgw.gateway.sharelog;

import java.util.Objects;

/**
 * A share record at its place in its writer's chain.
 *
 * @param seq 1 for a writer's first entry, then +1 per entry, no gaps
 * @param prevHash the hash of entry {@code seq - 1} ({@link EntryHash#GENESIS} for the first)
 * @param hash {@link EntryHash#of} the canonical JSON, which includes seq and prevHash
 * @param json the canonical JSON exactly as stored and hashed
 */
public record ChainedEntry(long seq, String prevHash, String hash, String json, ShareRecord record) {
    public ChainedEntry {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(record, "record");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }

    public String writerId() {
        return record.writerId();
    }
}
