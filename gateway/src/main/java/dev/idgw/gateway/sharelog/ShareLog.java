package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.redis.RedisLink;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Appends share records to this writer's Redis Stream, {@code <prefix>:shares:{<writerId>}} (one stream
 * per gateway instance; the hash tag keeps a writer's stream and its future chain head on one Cluster
 * slot). The returned future succeeds only once Redis acknowledged the XADD; with the shipped
 * share-log Redis config (AOF, appendfsync always) an acknowledgement means the entry is on disk.
 * Concurrent appends share the one pipelined connection, so Redis groups their fsyncs.
 */
public final class ShareLog {
    public static final String ENTRY_FIELD = "e";
    public static final String UID_FIELD = "uid";

    private final RedisLink link;
    private final String streamKey;
    private final String writerId;

    public ShareLog(RedisLink link, String keyPrefix, String writerId) {
        this.link = link;
        this.writerId = writerId;
        this.streamKey = streamKey(keyPrefix, writerId);
    }

    public static String streamKey(String keyPrefix, String writerId) {
        return keyPrefix + ":shares:{" + writerId + "}";
    }

    public String writerId() {
        return writerId;
    }

    public String streamKey() {
        return streamKey;
    }

    /** Succeeds with the stream entry id once acknowledged; fails on any error or timeout. */
    public Future<String> append(ShareRecord record, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("share log redis not connected"));
        }
        try {
            return Future.fromCompletionStage(commands.get().xadd(streamKey,
                    UID_FIELD, record.entryId(), ENTRY_FIELD, ShareRecordCodec.encode(record)), context);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
