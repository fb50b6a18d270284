package dev.idgw.gateway.compliance;

import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.archive.ArchiveDirectory;
import dev.idgw.gateway.archive.SegmentManifest;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.CheckpointCodec;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.ShareRecordCodec;
import dev.idgw.gateway.sharelog.StoredEntry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads every writer's share log back from Redis, a page at a time (never the whole stream at once).
 * Entries that do not decode are returned too, undecoded, so verification can name them.
 */
public final class ShareLogReader {
    /** The stream id given to entries read from the archive (they have left the stream). */
    static final String ARCHIVED = "0-0";

    private final Vertx vertx;
    private final RedisLink link;
    private final String prefix;
    private final ArchiveDirectory archive;

    public ShareLogReader(Vertx vertx, RedisLink link, String prefix, ArchiveDirectory archive) {
        this.vertx = vertx;
        this.link = link;
        this.prefix = prefix;
        this.archive = archive;
    }

    /** Every writer that has entries in Redis or in the archive, sorted. */
    Future<List<String>> writers(Context context) {
        Future<List<String>> archived = archive == null ? Future.succeededFuture(List.of())
                : vertx.executeBlocking(archive::writers, false);
        return commands(context).compose(c -> Future.fromCompletionStage(c.smembers(ShareLogKeys.writers(prefix)), context))
                .compose(set -> archived.map(dirs -> {
                    TreeSet<String> all = new TreeSet<>(set);
                    all.addAll(dirs);
                    return List.copyOf(all);
                }));
    }

    /** The device IDs the consent records link to an account (its subject report covers them all). */
    Future<Set<String>> accountDevices(String accountId, Context context) {
        return commands(context).compose(c -> Future.fromCompletionStage(
                c.smembers(new ConsentKeys(prefix).accountDevices(accountId)), context));
    }

    /** The writer's archived segments, oldest first (none without an archive). */
    Future<List<SegmentManifest>> segments(String writer) {
        return archive == null ? Future.succeededFuture(List.of())
                : vertx.executeBlocking(() -> archive.manifests(writer), false);
    }

    /** A segment's entries, read from disk on a worker thread. */
    Future<List<LogEntry>> segmentEntries(SegmentManifest segment) {
        return vertx.executeBlocking(() -> {
            List<LogEntry> out = new ArrayList<>((int) segment.count());
            for (StoredEntry e : archive.entries(segment)) {
                ChainedEntry decoded;
                try {
                    decoded = ShareRecordCodec.decode(e.json());
                } catch (IllegalArgumentException bad) {
                    decoded = null;
                }
                out.add(new LogEntry(ARCHIVED, e, decoded));
            }
            return out;
        }, false);
    }

    /** SHA-256 of a segment's data file now (to compare with its signed manifest). */
    Future<String> segmentSha256(SegmentManifest segment) {
        return vertx.executeBlocking(() -> archive.dataSha256(segment), false);
    }

    /** Up to {@code count} entries of {@code writer} after stream id {@code afterId} ("0-0" = from the start). */
    Future<List<LogEntry>> page(String writer, String afterId, int count, Context context) {
        String stream = new ShareLogKeys(prefix, writer).stream();
        return commands(context)
                .compose(c -> Future.fromCompletionStage(
                        c.xrange(stream, Range.create("(" + afterId, "+"), Limit.from(count)), context))
                .map(messages -> {
                    List<LogEntry> out = new ArrayList<>(messages.size());
                    for (StreamMessage<String, String> m : messages) {
                        out.add(entry(writer, m));
                    }
                    return out;
                });
    }

    Future<List<Checkpoint>> checkpoints(String writer, Context context) {
        String stream = new ShareLogKeys(prefix, writer).checkpoints();
        return commands(context)
                .compose(c -> Future.fromCompletionStage(c.xrange(stream, Range.create("-", "+")), context))
                .map(messages -> {
                    List<Checkpoint> out = new ArrayList<>(messages.size());
                    for (StreamMessage<String, String> m : messages) {
                        try {
                            out.add(CheckpointCodec.fromFields(m.getBody()));
                        } catch (IllegalArgumentException e) {
                            out.add(new Checkpoint(writer, -1, "", 0, "unreadable", ""));
                        }
                    }
                    return out;
                });
    }

    private static LogEntry entry(String writer, StreamMessage<String, String> m) {
        Map<String, String> body = m.getBody();
        long seq;
        try {
            seq = Long.parseLong(body.getOrDefault(ShareLog.SEQ_FIELD, "-1"));
        } catch (NumberFormatException e) {
            seq = -1;
        }
        String json = body.getOrDefault(ShareLog.ENTRY_FIELD, "");
        StoredEntry stored = new StoredEntry(writer, seq, body.getOrDefault(ShareLog.HASH_FIELD, ""), json);
        try {
            return new LogEntry(m.getId(), stored, ShareRecordCodec.decode(json));
        } catch (IllegalArgumentException e) {
            return new LogEntry(m.getId(), stored, null);
        }
    }

    private Future<io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String>> commands(Context context) {
        return link.commands().map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new IllegalStateException("redis not connected")));
    }
}
