package dev.idgw.gateway.archive;

import dev.idgw.gateway.sharelog.StoredEntry;
import java.io.IOException;
import java.util.List;

/**
 * Where the {@link Archiver} keeps sealed segments: what it needs of storage, in the order crash safety
 * rests on (data, then the manifest that commits it). {@link ArchiveDirectory} is the one on a local or
 * mounted file system; another medium (object storage) is another implementation. Every call blocks.
 */
public interface SegmentStore {
    /** This writer's committed segments, oldest first. */
    List<SegmentManifest> manifests(String writerId) throws IOException;

    /** Writes a segment's data durably and returns its SHA-256 (hex); not yet committed. */
    String writeData(String writerId, long firstSeq, long lastSeq, List<StoredEntry> entries) throws IOException;

    /** Writes (or replaces) a manifest durably: the commit point of a segment. */
    void writeManifest(SegmentManifest manifest) throws IOException;

    /** Retention: the entries go, the manifest (counts, chain ends, no personal data) stays, marked. */
    void deleteData(SegmentManifest manifest) throws IOException;

    /** Retention past the aggregates: the segment goes entirely. */
    void deleteManifest(SegmentManifest manifest) throws IOException;

    /** Leftovers of an interrupted run: data no manifest commits, temporary files. */
    void removeUncommitted(String writerId) throws IOException;
}
