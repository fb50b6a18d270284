package dev.idgw.gateway.archive;

import dev.idgw.gateway.sharelog.StoredEntry;
import java.io.IOException;
import java.util.List;

/**
 * The real store, except that the process "dies" once, right after {@code crashAfter} completed: the call
 * that finished that step throws instead of returning, so the {@link Archiver} stops there as a crash would
 * stop it, with the step durably done and nothing after it.
 */
final class CrashingSegmentStore implements SegmentStore {
    /** The points in sealing a segment a crash can fall between. */
    enum Stage { DATA_WRITTEN, MANIFEST_WRITTEN }

    private final SegmentStore store;
    private Stage crashAfter;

    CrashingSegmentStore(SegmentStore store, Stage crashAfter) {
        this.store = store;
        this.crashAfter = crashAfter;
    }

    @Override
    public List<SegmentManifest> manifests(String writerId) throws IOException {
        return store.manifests(writerId);
    }

    @Override
    public String writeData(String writerId, long firstSeq, long lastSeq, List<StoredEntry> entries) throws IOException {
        String sha = store.writeData(writerId, firstSeq, lastSeq, entries);
        crashIf(Stage.DATA_WRITTEN);
        return sha;
    }

    @Override
    public void writeManifest(SegmentManifest manifest) throws IOException {
        store.writeManifest(manifest);
        crashIf(Stage.MANIFEST_WRITTEN);
    }

    @Override
    public void deleteData(SegmentManifest manifest) throws IOException {
        store.deleteData(manifest);
    }

    @Override
    public void deleteManifest(SegmentManifest manifest) throws IOException {
        store.deleteManifest(manifest);
    }

    @Override
    public void removeUncommitted(String writerId) throws IOException {
        store.removeUncommitted(writerId);
    }

    private void crashIf(Stage done) throws IOException {
        if (crashAfter == done) {
            crashAfter = null;
            throw new IOException("simulated crash after " + done);
        }
    }
}
